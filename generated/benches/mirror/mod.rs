//! The `decode` bench's JSON reference: a plain `#[derive(Deserialize)]` mirror of
//! `getServerImageList`'s body, with the same fields and nesting as the generated types but
//! none of their care: coded values, dates and the numbers the API sometimes quotes are plain
//! strings, unknown fields are dropped silently, errors carry no path.

#![allow(dead_code)] // fields are decoded, never read

use serde::Deserialize;

#[derive(Deserialize)]
pub struct Wrapper {
    #[serde(rename = "getServerImageListResponse")]
    pub get_server_image_list_response: Body,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    pub request_id: Option<String>,
    pub return_code: Option<String>,
    pub return_message: Option<String>,
    pub total_rows: Option<i32>,
    #[serde(default)]
    pub server_image_list: Vec<ServerImage>,
}

#[derive(Deserialize)]
pub struct Code {
    pub code: Option<String>,
    #[serde(rename = "codeName")]
    pub code_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerImage {
    pub server_image_no: Option<String>,
    pub server_image_name: Option<String>,
    pub server_image_description: Option<String>,
    pub server_image_product_code: Option<String>,
    pub product_code: Option<String>,
    pub server_image_type: Option<Code>,
    pub server_image_life_cycle_phase: Option<Code>,
    pub hypervisor_type: Option<Code>,
    pub cpu_architecture_type: Option<Code>,
    pub os_category_type: Option<Code>,
    pub os_type: Option<Code>,
    pub server_image_status: Option<Code>,
    pub server_image_operation: Option<Code>,
    pub server_image_status_name: Option<String>,
    pub create_date: Option<String>,
    pub share_status: Option<Code>,
    #[serde(default)]
    pub shared_login_id_list: Vec<String>,
    pub platform_category_code: Option<String>,
    #[serde(default)]
    pub block_storage_mapping_list: Vec<BlockStorageMapping>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockStorageMapping {
    pub order: Option<i32>,
    pub block_storage_snapshot_instance_no: Option<String>,
    pub block_storage_snapshot_name: Option<String>,
    pub block_storage_size: Option<i64>,
    pub block_storage_name: Option<String>,
    pub block_storage_volume_type: Option<Code>,
    pub iops: Option<i32>,
    pub throughput: Option<i64>,
    pub is_encrypted_volume: Option<bool>,
}
