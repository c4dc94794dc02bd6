//! The static catalogs: regions, zones, server images, image products, server specs and
//! products, block storage volume types, hypervisors. Codes follow the API's published shapes
//! (KVM images and `-g3` specs as current NCP accounts see them, plus one XEN-era image product
//! with its products for the `serverImageProductCode` + `serverProductCode` path).

use serde_json::{Value, json};

use crate::world::code;

/// A server image of the catalog.
pub struct Image {
    /// `serverImageNo`.
    pub no: &'static str,
    /// `serverImageName`.
    pub name: &'static str,
    /// `osType` code.
    pub os: &'static str,
    /// `serverImageProductCode`.
    pub product_code: &'static str,
}

/// The server images (`getServerImageList`), all KVM, Linux, x86-64.
pub const IMAGES: &[Image] = &[
    Image {
        no: "23214590",
        name: "rocky-8.10-base",
        os: "ROCKY",
        product_code: "SW.VSVR.OS.LNX64.ROCKY.0810.B050",
    },
    Image {
        no: "25495367",
        name: "ubuntu-22.04-base",
        os: "UBUNTU",
        product_code: "SW.VSVR.OS.LNX64.UBNTU.SVR2204.B050",
    },
    Image {
        no: "104630229",
        name: "ubuntu-24.04-base",
        os: "UBUNTU",
        product_code: "SW.VSVR.OS.LNX64.UBNTU.SVR2404.B050",
    },
];

/// A server spec of the catalog.
pub struct Spec {
    /// `serverSpecCode`.
    pub code: &'static str,
    /// `serverProductCode` (the XEN-era product code of the same size).
    pub product_code: &'static str,
    /// vCPUs.
    pub cpus: i32,
    /// Memory in GiB.
    pub memory_gib: i64,
    /// `generationCode`.
    pub generation: &'static str,
}

/// The server specs (`getServerSpecList`); the first is the default (the minimum spec).
pub const SPECS: &[Spec] = &[
    Spec {
        code: "c2-g3",
        product_code: "SVR.VSVR.CPU.C002.M004.NET.SSD.B050.G003",
        cpus: 2,
        memory_gib: 4,
        generation: "G3",
    },
    Spec {
        code: "s2-g3",
        product_code: "SVR.VSVR.STAND.C002.M008.NET.SSD.B050.G003",
        cpus: 2,
        memory_gib: 8,
        generation: "G3",
    },
    Spec {
        code: "s4-g3",
        product_code: "SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G003",
        cpus: 4,
        memory_gib: 16,
        generation: "G3",
    },
    Spec {
        code: "m4-g3",
        product_code: "SVR.VSVR.HICPU.C004.M032.NET.SSD.B050.G003",
        cpus: 4,
        memory_gib: 32,
        generation: "G3",
    },
];

/// The image a server is created from when only an image product code is given.
pub const IMAGE_PRODUCTS: &[(&str, &str, &str)] = &[
    (
        "SW.VSVR.OS.LNX64.ROCKY.0810.B050",
        "Rocky Linux 8.10",
        "23214590",
    ),
    (
        "SW.VSVR.OS.LNX64.UBNTU.SVR2204.B050",
        "ubuntu-22.04",
        "25495367",
    ),
    (
        "SW.VSVR.OS.LNX64.UBNTU.SVR2404.B050",
        "ubuntu-24.04",
        "104630229",
    ),
];

const GIB: i64 = 1 << 30;

/// The image numbered `no`.
pub fn image(no: &str) -> Option<&'static Image> {
    IMAGES.iter().find(|i| i.no == no)
}

/// The spec with `code`, or whose product code is `code`.
pub fn spec(code: &str) -> Option<&'static Spec> {
    SPECS
        .iter()
        .find(|s| s.code == code || s.product_code == code)
}

/// `getRegionList` items.
pub fn regions() -> Vec<Value> {
    vec![json!({ "regionCode": "KR", "regionName": "Korea" })]
}

/// `getZoneList` items.
pub fn zones() -> Vec<Value> {
    vec![
        json!({ "zoneName": "KR-1", "zoneCode": "KR-1", "regionCode": "KR", "zoneDescription": "평촌 zone" }),
        json!({ "zoneName": "KR-2", "zoneCode": "KR-2", "regionCode": "KR", "zoneDescription": "가산 zone" }),
    ]
}

/// A `ServerImage` item.
pub fn image_json(image: &Image, date: &str) -> Value {
    json!({
        "serverImageNo": image.no,
        "serverImageName": image.name,
        "serverImageDescription": format!("{} (simulated)", image.name),
        "serverImageProductCode": image.product_code,
        "serverImageType": code("NCP", "NCP Server Image"),
        "hypervisorType": code("KVM", "KVM"),
        "cpuArchitectureType": code("X86_64", "x86 64bit"),
        "osCategoryType": code("LINUX", "LINUX"),
        "osType": code(image.os, image.os),
        "serverImageStatus": code("CREAT", "Server created state"),
        "serverImageOperation": code("NULL", "NULL OP"),
        "serverImageStatusName": "created",
        "createDate": date,
        "shareStatus": code("NULL", "NSI Share NULL State"),
        "sharedLoginIdList": [],
        "blockStorageMappingList": [{
            "order": 0,
            "blockStorageSnapshotName": format!("{}-snapshot", image.name),
            "blockStorageSize": 10 * GIB,
            "blockStorageName": "",
            "blockStorageVolumeType": code("CB1", "Common BlockStorage 1"),
            "iops": 100,
            "throughput": 104_857_600,
            "isEncryptedVolume": false,
        }],
        "serverImageLifeCyclePhase": code("IN_SERVICE", "service launched"),
        "platformCategoryCode": "OS",
    })
}

/// A `Product` item of `getServerImageProductList`.
pub fn image_product_json(product_code: &str, name: &str) -> Value {
    json!({
        "productCode": product_code,
        "productName": name,
        "productType": code("LINUX", "Linux"),
        "productDescription": name,
        "infraResourceType": code("SW", "Software"),
        "cpuCount": 0,
        "memorySize": 0,
        "baseBlockStorageSize": 50 * GIB,
        "platformType": code("LNX64", "Linux 64 Bit"),
        "osInformation": name,
        "dbKindCode": "",
        "addBlockStorageSize": 0,
        "generationCode": "",
    })
}

/// A `Product` item of `getServerProductList`.
pub fn server_product_json(spec: &Spec) -> Value {
    json!({
        "productCode": spec.product_code,
        "productName": format!("vCPU {}EA, Memory {}GB, [SSD]Disk 50GB", spec.cpus, spec.memory_gib),
        "productType": code("STAND", "Standard"),
        "productDescription": format!("vCPU {}EA, Memory {}GB, [SSD]Disk 50GB", spec.cpus, spec.memory_gib),
        "infraResourceType": code("VSVR", "Server (VPC)"),
        "cpuCount": spec.cpus,
        "memorySize": spec.memory_gib * GIB,
        "baseBlockStorageSize": 50 * GIB,
        "osInformation": "",
        "diskType": code("NET", "Network Storage"),
        "dbKindCode": "",
        "addBlockStorageSize": 0,
        "generationCode": spec.generation,
    })
}

/// A `ServerSpec` item.
pub fn spec_json(spec: &Spec) -> Value {
    json!({
        "serverSpecCode": spec.code,
        "generationCode": spec.generation,
        "cpuCount": spec.cpus,
        "memorySize": spec.memory_gib * GIB,
        "hypervisorType": code("KVM", "KVM"),
        "cpuArchitectureType": code("X86_64", "x86 64bit"),
        "blockStorageMaxCount": 20,
        "blockStorageMaxIops": 20_000,
        "blockStorageMaxThroughput": 500,
        "networkPerformance": 1_000_000_000i64 * i64::from(spec.cpus),
        "networkInterfaceMaxCount": 3,
        "serverProductCode": spec.product_code,
        "serverSpecDescription": format!("vCPU {}EA, Memory {}GB", spec.cpus, spec.memory_gib),
    })
}

/// The block storage volume types (`getBlockStorageVolumeTypeList`): code, name, minimum and
/// maximum size in GB.
pub const VOLUME_TYPES: &[(&str, &str, i32, i32)] = &[
    ("CB1", "Common BlockStorage 1", 10, 16380),
    ("FB1", "Flexible BlockStorage 1", 10, 16380),
    ("SSD", "SSD", 10, 2000),
    ("HDD", "HDD", 10, 2000),
];

/// A `BlockStorageVolumeType` item.
pub fn volume_type_json(code_value: &str, name: &str, min: i32, max: i32) -> Value {
    json!({
        "zoneCodeList": ["KR-1", "KR-2"],
        "blockStorageVolumeType": code(code_value, name),
        "hypervisorType": code(if matches!(code_value, "SSD" | "HDD") { "XEN" } else { "KVM" }, ""),
        "minThroughput": 100,
        "maxThroughput": 500,
        "minIops": 100,
        "maxIops": 20_000,
        "minVolumeSize": min,
        "maxVolumeSize": max,
        "minBaseVolumeSize": 10,
        "maxBaseVolumeSize": 100,
        "isBaseStorageAvailable": true,
    })
}
