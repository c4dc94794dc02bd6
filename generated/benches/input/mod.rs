//! The benchmark input: one `getServerImageList` response with 10,000 server images, as XML and
//! as JSON. Shared by the `decode` bench and the `decode_memory` example.

pub const IMAGES: usize = 10_000;

fn image_xml(i: usize, extra: &str) -> String {
    format!(
        "<serverImage><serverImageNo>{i}</serverImageNo><serverImageName>image-{i}</serverImageName>\
<serverImageDescription>bench image &amp; more</serverImageDescription>\
<serverImageType><code>NCP</code><codeName>NCP Server Image</codeName></serverImageType>\
<serverImageLifeCyclePhase><code>IN_SERVICE</code><codeName>In Service</codeName></serverImageLifeCyclePhase>\
<hypervisorType><code>KVM</code><codeName>KVM</codeName></hypervisorType>\
<cpuArchitectureType><code>X86_64</code><codeName>x86 64bit</codeName></cpuArchitectureType>\
<osCategoryType><code>LINUX</code><codeName>LINUX</codeName></osCategoryType>\
<osType><code>ROCKY</code><codeName>ROCKY</codeName></osType>\
<serverImageProductCode>SW.VSVR.OS.LNX64.ROCKY.0810.B050</serverImageProductCode>\
<serverImageStatus><code>CREAT</code><codeName>created</codeName></serverImageStatus>\
<serverImageOperation><code>NULL</code><codeName>NULL OP</codeName></serverImageOperation>\
<serverImageStatusName>created</serverImageStatusName><createDate>2020-08-24T10:34:27+0900</createDate>\
<blockStorageMappingList><blockStorageMapping><order>0</order><blockStorageSize>53687091200</blockStorageSize>\
<blockStorageVolumeType><code>SSD</code><codeName>SSD</codeName></blockStorageVolumeType>\
<isEncryptedVolume>false</isEncryptedVolume></blockStorageMapping></blockStorageMappingList>\
<shareStatus><code>NULL</code><codeName>NULL</codeName></shareStatus><sharedLoginIdList/>{extra}</serverImage>"
    )
}

fn image_json(i: usize) -> String {
    format!(
        r#"{{"serverImageNo":"{i}","serverImageName":"image-{i}","serverImageDescription":"bench image & more",
"serverImageType":{{"code":"NCP","codeName":"NCP Server Image"}},
"serverImageLifeCyclePhase":{{"code":"IN_SERVICE","codeName":"In Service"}},
"hypervisorType":{{"code":"KVM","codeName":"KVM"}},"cpuArchitectureType":{{"code":"X86_64","codeName":"x86 64bit"}},
"osCategoryType":{{"code":"LINUX","codeName":"LINUX"}},"osType":{{"code":"ROCKY","codeName":"ROCKY"}},
"serverImageProductCode":"SW.VSVR.OS.LNX64.ROCKY.0810.B050","serverImageStatus":{{"code":"CREAT","codeName":"created"}},
"serverImageOperation":{{"code":"NULL","codeName":"NULL OP"}},"serverImageStatusName":"created",
"createDate":"2020-08-24T10:34:27+0900","blockStorageMappingList":[{{"order":0,"blockStorageSize":53687091200,
"blockStorageVolumeType":{{"code":"SSD","codeName":"SSD"}},"isEncryptedVolume":false}}],
"shareStatus":{{"code":"NULL","codeName":"NULL"}},"sharedLoginIdList":[]}}"#
    )
}

/// The XML response.
pub fn xml_body() -> Vec<u8> {
    xml_body_with("")
}

/// The XML response with one element the types do not know in each image (`<newField>`, with
/// a child): 10,000 unknown-element reports.
pub fn xml_body_with_unknown() -> Vec<u8> {
    xml_body_with("<newField><code>NEW</code></newField>")
}

fn xml_body_with(extra: &str) -> Vec<u8> {
    let mut s = format!(
        "<getServerImageListResponse><requestId>r</requestId><returnCode>0</returnCode>\
<returnMessage>success</returnMessage><totalRows>{IMAGES}</totalRows><serverImageList>"
    );
    for i in 0..IMAGES {
        s.push_str(&image_xml(i, extra));
    }
    s.push_str("</serverImageList></getServerImageListResponse>");
    s.into_bytes()
}

/// The same response as JSON.
pub fn json_body() -> Vec<u8> {
    let items: Vec<String> = (0..IMAGES).map(image_json).collect();
    format!(
        r#"{{"getServerImageListResponse":{{"totalRows":{IMAGES},"serverImageList":[{}],"requestId":"r","returnCode":"0","returnMessage":"success"}}}}"#,
        items.join(",")
    )
    .into_bytes()
}
