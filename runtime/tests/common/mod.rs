//! What the runtime's integration tests share besides the generated fixtures.
//!
//! Not a `.xml` file: the workspace validates every `*.xml` file against the service's XML
//! Schema, and this sample is the fixtures' (it holds elements the fixtures leave out on purpose).

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
