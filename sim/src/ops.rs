//! The routes: every operation first answers "not modelled", then the modelled ones get their
//! handlers; the catalog operations are here, the resources' in their modules.

use std::sync::Arc;

use ncloud_runtime::mock::{MockOperation, MockServer};
use ncloud_runtime::registry::MockVisitor;
use ncloud_vserver::operations::*;
use serde_json::Value;

use crate::catalog::{self, IMAGE_PRODUCTS, IMAGES, SPECS, VOLUME_TYPES};
use crate::world::{Out, Reply, World, api_error, check_region, code, codes, page};
use crate::{Shared, route};

/// Every modelled operation's name, for the docs and the tests.
pub const MODELLED: &[&str] = &[
    "getRegionList",
    "getZoneList",
    "getServerImageList",
    "getServerImageDetail",
    "getServerImageProductList",
    "getServerProductList",
    "getServerSpecList",
    "getServerSpecDetail",
    "getHypervisorTypeList",
    "getBlockStorageVolumeTypeList",
    "createServerInstances",
    "getServerInstanceList",
    "getServerInstanceDetail",
    "startServerInstances",
    "stopServerInstances",
    "rebootServerInstances",
    "terminateServerInstances",
    "changeServerInstanceSpec",
    "changeServerInstanceName",
    "setProtectServerTermination",
    "getRootPassword",
    "getRootPasswordServerInstanceList",
    "createLoginKey",
    "importLoginKey",
    "deleteLoginKeys",
    "getLoginKeyList",
    "createInitScript",
    "deleteInitScripts",
    "getInitScriptDetail",
    "getInitScriptList",
    "createAccessControlGroup",
    "deleteAccessControlGroup",
    "getAccessControlGroupDetail",
    "getAccessControlGroupList",
    "getAccessControlGroupRuleList",
    "addAccessControlGroupInboundRule",
    "addAccessControlGroupOutboundRule",
    "removeAccessControlGroupInboundRule",
    "removeAccessControlGroupOutboundRule",
    "createBlockStorageInstance",
    "attachBlockStorageInstance",
    "detachBlockStorageInstances",
    "deleteBlockStorageInstances",
    "changeBlockStorageVolumeSize",
    "changeBlockStorageInstance",
    "setBlockStorageReturnProtection",
    "getBlockStorageInstanceDetail",
    "getBlockStorageInstanceList",
    "createBlockStorageSnapshotInstance",
    "deleteBlockStorageSnapshotInstances",
    "getBlockStorageSnapshotInstanceDetail",
    "getBlockStorageSnapshotInstanceList",
    "createPublicIpInstance",
    "associatePublicIpWithServerInstance",
    "disassociatePublicIpFromServerInstance",
    "deletePublicIpInstance",
    "getPublicIpInstanceDetail",
    "getPublicIpInstanceList",
    "getPublicIpTargetServerInstanceList",
    "createNetworkInterface",
    "attachNetworkInterface",
    "detachNetworkInterface",
    "deleteNetworkInterface",
    "getNetworkInterfaceDetail",
    "getNetworkInterfaceList",
    "addNetworkInterfaceAccessControlGroup",
    "removeNetworkInterfaceAccessControlGroup",
    "createPlacementGroup",
    "deletePlacementGroup",
    "getPlacementGroupDetail",
    "getPlacementGroupList",
    "addPlacementGroupServerInstance",
    "removePlacementGroupServerInstance",
];

/// Answers every operation not in [`MODELLED`] with the "not modelled" error. (A modelled
/// operation that lost its handler is then a 404 from the mock, which the tests catch.)
struct NotModelled<'a>(&'a MockServer);

impl MockVisitor for NotModelled<'_> {
    fn visit<O: MockOperation>(&mut self) {
        if MODELLED.contains(&O::NAME) {
            return;
        }
        self.0.operation::<O>().respond_with_error(api_error(
            codes::NOT_MODELLED,
            format!(
                "{} is part of the API but not modelled by ncloud-vserver-sim",
                O::NAME
            ),
        ));
    }
}

pub(crate) fn register(mock: &MockServer, shared: &Arc<Shared>) {
    ncloud_vserver::registry::for_each_mock_operation(&mut NotModelled(mock));
    route(mock, shared, region_list);
    route(mock, shared, zone_list);
    route(mock, shared, image_list);
    route(mock, shared, image_detail);
    route(mock, shared, image_product_list);
    route(mock, shared, server_product_list);
    route(mock, shared, spec_list);
    route(mock, shared, spec_detail);
    route(mock, shared, hypervisor_list);
    route(mock, shared, volume_type_list);
    crate::servers::register(mock, shared);
    crate::storage::register(mock, shared);
    crate::network::register(mock, shared);
}

fn region_list(w: &mut World, _: &GetRegionListRequest) -> Reply<Out<GetRegionListRequest>> {
    w.reply(Some("regionList"), catalog::regions(), None)
}

fn zone_list(w: &mut World, r: &GetZoneListRequest) -> Reply<Out<GetZoneListRequest>> {
    check_region(r.region_code.as_deref())?;
    w.reply(Some("zoneList"), catalog::zones(), None)
}

fn image_list(
    w: &mut World,
    r: &GetServerImageListRequest,
) -> Reply<Out<GetServerImageListRequest>> {
    check_region(r.region_code.as_deref())?;
    let date = w.date(0);
    let items: Vec<Value> = IMAGES
        .iter()
        .filter(|i| {
            r.server_image_no_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|n| n == i.no))
        })
        .filter(|i| r.server_image_name.as_ref().is_none_or(|n| n == i.name))
        .filter(|i| {
            r.os_type_code_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|c| c.as_str() == i.os))
        })
        // Every catalog image is an NCP image on KVM.
        .filter(|_| {
            r.server_image_type_code_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|c| c.as_str() == "NCP"))
        })
        .filter(|_| {
            r.hypervisor_type_code_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|c| c.as_str() == "KVM"))
        })
        .map(|i| catalog::image_json(i, &date))
        .collect();
    let (items, total) = page(items, r.page_no, r.page_size);
    w.reply(Some("serverImageList"), items, Some(total))
}

fn image_detail(
    w: &mut World,
    r: &GetServerImageDetailRequest,
) -> Reply<Out<GetServerImageDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    let date = w.date(0);
    let items = catalog::image(&r.server_image_no)
        .map(|i| catalog::image_json(i, &date))
        .into_iter()
        .collect();
    w.reply(Some("serverImageList"), items, None)
}

fn image_product_list(
    w: &mut World,
    r: &GetServerImageProductListRequest,
) -> Reply<Out<GetServerImageProductListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = IMAGE_PRODUCTS
        .iter()
        .filter(|(c, _, _)| r.product_code.as_ref().is_none_or(|p| p == c))
        .filter(|(c, _, _)| r.exclusion_product_code.as_ref() != Some(&(*c).to_owned()))
        .map(|(c, n, _)| catalog::image_product_json(c, n))
        .collect();
    w.reply(Some("productList"), items, None)
}

fn server_product_list(
    w: &mut World,
    r: &GetServerProductListRequest,
) -> Reply<Out<GetServerProductListRequest>> {
    check_region(r.region_code.as_deref())?;
    if let Some(image) = &r.server_image_product_code
        && !IMAGE_PRODUCTS.iter().any(|(c, _, _)| c == image)
    {
        return Err(api_error(
            codes::NO_PRODUCT,
            "Not found product. Please check your input product.",
        ));
    }
    let items = SPECS
        .iter()
        .filter(|s| r.product_code.as_ref().is_none_or(|p| p == s.product_code))
        .filter(|s| r.exclusion_product_code.as_deref() != Some(s.product_code))
        .filter(|s| {
            r.generation_code
                .as_ref()
                .is_none_or(|g| g.as_str() == s.generation)
        })
        .map(catalog::server_product_json)
        .collect();
    w.reply(Some("productList"), items, None)
}

fn spec_list(w: &mut World, r: &GetServerSpecListRequest) -> Reply<Out<GetServerSpecListRequest>> {
    check_region(r.region_code.as_deref())?;
    if let Some(image) = &r.server_image_no
        && catalog::image(image).is_none()
    {
        return Err(api_error(
            codes::NO_PRODUCT,
            format!("serverImageNo {image} not found"),
        ));
    }
    let items = SPECS
        .iter()
        .filter(|s| {
            r.server_spec_code_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|c| c == s.code))
        })
        .map(catalog::spec_json)
        .collect();
    w.reply(Some("serverSpecList"), items, None)
}

fn spec_detail(
    w: &mut World,
    r: &GetServerSpecDetailRequest,
) -> Reply<Out<GetServerSpecDetailRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = r
        .server_spec_code
        .as_deref()
        .and_then(catalog::spec)
        .map(catalog::spec_json)
        .into_iter()
        .collect();
    w.reply(Some("serverSpecList"), items, None)
}

fn hypervisor_list(
    w: &mut World,
    _: &GetHypervisorTypeListRequest,
) -> Reply<Out<GetHypervisorTypeListRequest>> {
    let items = vec![code("KVM", "KVM"), code("XEN", "XEN")];
    w.reply(Some("hypervisorTypeList"), items, None)
}

fn volume_type_list(
    w: &mut World,
    r: &GetBlockStorageVolumeTypeListRequest,
) -> Reply<Out<GetBlockStorageVolumeTypeListRequest>> {
    check_region(r.region_code.as_deref())?;
    let items = VOLUME_TYPES
        .iter()
        .filter(|(c, _, _, _)| {
            r.block_storage_volume_type_code_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|v| v.as_str() == *c))
        })
        .map(|(c, n, min, max)| catalog::volume_type_json(c, n, *min, *max))
        .collect();
    w.reply(Some("blockStorageVolumeTypeList"), items, None)
}
