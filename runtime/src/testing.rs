//! Test fixtures: hand-written types in the shape the generator emits (design.md §2), and an
//! operation using them.
//!
//! Not the generated types on purpose: these test the runtime alone, and use what the real spec
//! does not (a required field, `u64` and `f64` scalars, fields left out so the sample's extra
//! elements exercise unknown-element reporting). The generated types are tested against the
//! runtime in the workspace's `tests/` crate.

use crate::error::DecodeError;
use crate::xml::{XmlDecode, XmlReader};
use crate::xml_write::{XmlEncode, XmlWriter};
use crate::{DateTime, Envelope, Operation, QueryWriter};

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GetServerImageDetailResponse {
    #[serde(rename = "requestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(
        rename = "returnCode",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::lenient_opt"
    )]
    pub return_code: Option<String>,
    #[serde(
        rename = "returnMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub return_message: Option<String>,
    #[serde(rename = "totalRows", default, skip_serializing_if = "Option::is_none")]
    pub total_rows: Option<i32>,
    #[serde(
        rename = "serverImageList",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::json::list"
    )]
    pub server_image_list: Vec<ServerImage>,
}

impl XmlDecode for GetServerImageDetailResponse {
    fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
        let mut request_id = None;
        let mut return_code = None;
        let mut return_message = None;
        let mut total_rows = None;
        let mut server_image_list = Vec::new();
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"requestId" => request_id = r.read_scalar("requestId")?,
                b"returnCode" => return_code = r.read_scalar("returnCode")?,
                b"returnMessage" => return_message = r.read_scalar("returnMessage")?,
                b"totalRows" => total_rows = r.read_scalar("totalRows")?,
                b"serverImageList" => {
                    server_image_list = r.read_list("serverImageList", "serverImage")?
                }
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self {
            request_id,
            return_code,
            return_message,
            total_rows,
            server_image_list,
        })
    }
}

impl Envelope for GetServerImageDetailResponse {
    fn return_code(&self) -> Option<&str> {
        self.return_code.as_deref()
    }
    fn return_message(&self) -> Option<&str> {
        self.return_message.as_deref()
    }
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GetServerImageDetailJsonResponse {
    #[serde(rename = "getServerImageDetailResponse")]
    pub get_server_image_detail_response: GetServerImageDetailResponse,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServerImage {
    #[serde(rename = "serverImageNo")]
    pub server_image_no: String,
    #[serde(
        rename = "serverImageName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_image_name: Option<String>,
    #[serde(
        rename = "serverImageDescription",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_image_description: Option<String>,
    #[serde(
        rename = "serverImageType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_image_type: Option<CommonCode>,
    #[serde(
        rename = "createDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<DateTime>,
    #[serde(
        rename = "blockStorageMappingList",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::json::list"
    )]
    pub block_storage_mapping_list: Vec<BlockStorageMapping>,
    #[serde(
        rename = "sharedLoginIdList",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::json::list"
    )]
    pub shared_login_id_list: Vec<String>,
}

impl XmlDecode for ServerImage {
    fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
        let mut server_image_no = None;
        let mut server_image_name = None;
        let mut server_image_description = None;
        let mut server_image_type = None;
        let mut create_date = None;
        let mut block_storage_mapping_list = Vec::new();
        let mut shared_login_id_list = Vec::new();
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"serverImageNo" => server_image_no = r.read_scalar("serverImageNo")?,
                b"serverImageName" => server_image_name = r.read_scalar("serverImageName")?,
                b"serverImageDescription" => {
                    server_image_description = r.read_scalar("serverImageDescription")?
                }
                b"serverImageType" => server_image_type = Some(r.read_struct("serverImageType")?),
                b"createDate" => create_date = r.read_scalar("createDate")?,
                b"blockStorageMappingList" => {
                    block_storage_mapping_list =
                        r.read_list("blockStorageMappingList", "blockStorageMapping")?
                }
                b"sharedLoginIdList" => {
                    shared_login_id_list =
                        r.read_scalar_list("sharedLoginIdList", "sharedLoginId")?
                }
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self {
            server_image_no: server_image_no.ok_or_else(|| r.missing("serverImageNo"))?,
            server_image_name,
            server_image_description,
            server_image_type,
            create_date,
            block_storage_mapping_list,
            shared_login_id_list,
        })
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CommonCode {
    #[serde(rename = "code", default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "codeName", default, skip_serializing_if = "Option::is_none")]
    pub code_name: Option<String>,
}

impl XmlDecode for CommonCode {
    fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
        let mut code = None;
        let mut code_name = None;
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"code" => code = r.read_scalar("code")?,
                b"codeName" => code_name = r.read_scalar("codeName")?,
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self { code, code_name })
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BlockStorageMapping {
    #[serde(rename = "order", default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i32>,
    #[serde(
        rename = "blockStorageSnapshotInstanceNo",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::lenient_opt"
    )]
    pub block_storage_snapshot_instance_no: Option<String>,
    #[serde(
        rename = "blockStorageSize",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::lenient_opt"
    )]
    pub block_storage_size: Option<i64>,
    #[serde(
        rename = "throughput",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub throughput: Option<u64>,
    #[serde(rename = "iopsRatio", default, skip_serializing_if = "Option::is_none")]
    pub iops_ratio: Option<f64>,
    #[serde(
        rename = "isEncryptedVolume",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_encrypted_volume: Option<bool>,
}

impl XmlDecode for BlockStorageMapping {
    fn decode_xml(r: &mut XmlReader<'_>) -> Result<Self, DecodeError> {
        let mut order = None;
        let mut block_storage_snapshot_instance_no = None;
        let mut block_storage_size = None;
        let mut throughput = None;
        let mut iops_ratio = None;
        let mut is_encrypted_volume = None;
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"order" => order = r.read_scalar("order")?,
                b"blockStorageSnapshotInstanceNo" => {
                    block_storage_snapshot_instance_no =
                        r.read_scalar("blockStorageSnapshotInstanceNo")?
                }
                b"blockStorageSize" => block_storage_size = r.read_scalar("blockStorageSize")?,
                b"throughput" => throughput = r.read_scalar("throughput")?,
                b"iopsRatio" => iops_ratio = r.read_scalar("iopsRatio")?,
                b"isEncryptedVolume" => is_encrypted_volume = r.read_scalar("isEncryptedVolume")?,
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self {
            order,
            block_storage_snapshot_instance_no,
            block_storage_size,
            throughput,
            iops_ratio,
            is_encrypted_volume,
        })
    }
}

impl XmlEncode for GetServerImageDetailResponse {
    fn encode_xml(&self, w: &mut XmlWriter) {
        w.optional("requestId", self.request_id.as_ref());
        w.optional("returnCode", self.return_code.as_ref());
        w.optional("returnMessage", self.return_message.as_ref());
        w.optional("totalRows", self.total_rows.as_ref());
        w.list("serverImageList", "serverImage", &self.server_image_list);
    }
}

impl XmlEncode for ServerImage {
    fn encode_xml(&self, w: &mut XmlWriter) {
        w.scalar("serverImageNo", &self.server_image_no);
        w.optional("serverImageName", self.server_image_name.as_ref());
        w.optional(
            "serverImageDescription",
            self.server_image_description.as_ref(),
        );
        if let Some(v) = &self.server_image_type {
            w.structure("serverImageType", v);
        }
        w.optional("createDate", self.create_date.as_ref());
        w.list(
            "blockStorageMappingList",
            "blockStorageMapping",
            &self.block_storage_mapping_list,
        );
        w.scalar_list(
            "sharedLoginIdList",
            "sharedLoginId",
            &self.shared_login_id_list,
        );
    }
}

impl XmlEncode for CommonCode {
    fn encode_xml(&self, w: &mut XmlWriter) {
        w.optional("code", self.code.as_ref());
        w.optional("codeName", self.code_name.as_ref());
    }
}

impl XmlEncode for BlockStorageMapping {
    fn encode_xml(&self, w: &mut XmlWriter) {
        w.optional("order", self.order.as_ref());
        w.optional(
            "blockStorageSnapshotInstanceNo",
            self.block_storage_snapshot_instance_no.as_ref(),
        );
        w.optional("blockStorageSize", self.block_storage_size.as_ref());
        w.optional("throughput", self.throughput.as_ref());
        w.optional("iopsRatio", self.iops_ratio.as_ref());
        w.optional("isEncryptedVolume", self.is_encrypted_volume.as_ref());
    }
}

/// Request of the test operation.
pub struct GetServerImageDetailRequest {
    pub region_code: Option<String>,
    pub server_image_no: String,
}

impl Operation for GetServerImageDetailRequest {
    const NAME: &'static str = "getServerImageDetail";
    const RESPONSE_ROOT: &'static str = "getServerImageDetailResponse";
    type Output = GetServerImageDetailResponse;

    fn encode_query(&self, q: &mut QueryWriter) {
        if let Some(region_code) = &self.region_code {
            q.push("regionCode", region_code);
        }
        q.push("serverImageNo", &self.server_image_no);
    }
}

/// The seed document's sample response (with `serverImageProductCode`).
pub const SAMPLE_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<getServerImageDetailResponse>
  <requestId></requestId>
  <returnCode>0</returnCode>
  <returnMessage>success</returnMessage>
  <totalRows>1</totalRows>
  <serverImageList>
    <serverImage>
      <serverImageNo>***5847</serverImageNo>
      <serverImageName>test-***</serverImageName>
      <serverImageDescription></serverImageDescription>
      <serverImageType>
        <code>NCP</code>
        <codeName>NCP Server Image</codeName>
      </serverImageType>
      <serverImageProductCode>SW.VSVR.OS.LNX64.CNTOS.0703.B050</serverImageProductCode>
      <createDate>2020-08-24T10:34:27+0900</createDate>
      <blockStorageMappingList>
        <blockStorageMapping>
          <order>0</order>
          <blockStorageSize>53687091200</blockStorageSize>
          <blockStorageVolumeType>
            <code>HDD</code>
            <codeName>HDD</codeName>
          </blockStorageVolumeType>
          <isEncryptedVolume>false</isEncryptedVolume>
        </blockStorageMapping>
      </blockStorageMappingList>
      <sharedLoginIdList/>
    </serverImage>
  </serverImageList>
</getServerImageDetailResponse>
"#;
