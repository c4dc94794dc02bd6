"""NCP's official Python SDK (ncloud-vserver 1.0.1) against ncloud-vserver-sim.

Run by sim/tests/python_sdk.rs with NCLOUD_API_GW pointing at the simulator and the keys in
SIM_ACCESS_KEY / SIM_SECRET_KEY. Creates a server, polls until RUN, stops it, polls until
NSTOP, terminates it and polls until it is gone; prints one line per step and exits 1 on the
first step that does not match.
"""

import os
import sys
import time

import ncloud_vserver
from ncloud_vserver.api.v2_api import V2Api
from ncloud_vserver.rest import ApiException


def step(text):
    print(text, flush=True)


def fail(text):
    print("FAILED: " + text, flush=True)
    sys.exit(1)


def main():
    configuration = ncloud_vserver.Configuration()
    configuration.access_key = os.environ["SIM_ACCESS_KEY"]
    configuration.secret_key = os.environ["SIM_SECRET_KEY"]
    api = V2Api(ncloud_vserver.ApiClient(configuration))

    regions = api.get_region_list(ncloud_vserver.GetRegionListRequest())
    step("regions: %s" % [r.region_code for r in regions.region_list])

    key = api.create_login_key(ncloud_vserver.CreateLoginKeyRequest(key_name="py-key"))
    if not key.private_key.startswith("-----BEGIN RSA PRIVATE KEY-----"):
        fail("createLoginKey returned no PEM private key")
    step("login key: %s" % key.key_name)

    acgs = api.get_access_control_group_list(
        ncloud_vserver.GetAccessControlGroupListRequest(vpc_no="1"))
    default_acg = [a for a in acgs.access_control_group_list if a.is_default][0]
    step("default ACG: %s" % default_acg.access_control_group_no)

    # SDK 1.0.1 cannot send the nested list networkInterfaceList.N.accessControlGroupNoList.M,
    # so the primary interface is made first and named in the server request.
    nic = api.create_network_interface(ncloud_vserver.CreateNetworkInterfaceRequest(
        vpc_no="1", subnet_no="1",
        access_control_group_no_list=[default_acg.access_control_group_no]))
    nic_no = nic.network_interface_list[0].network_interface_no
    step("network interface: %s" % nic_no)

    created = api.create_server_instances(ncloud_vserver.CreateServerInstancesRequest(
        server_image_product_code="SW.VSVR.OS.LNX64.ROCKY.0810.B050",
        server_product_code="SVR.VSVR.CPU.C002.M004.NET.SSD.B050.G003",
        server_name="py-web",
        # sent as Python prints it ("False")
        is_protect_server_termination=False,
        login_key_name="py-key",
        vpc_no="1",
        subnet_no="1",
        network_interface_list=[ncloud_vserver.NetworkInterfaceParameter(
            network_interface_order=0, network_interface_no=nic_no,
            access_control_group_no_list=[default_acg.access_control_group_no])]))
    server = created.server_instance_list[0]
    no = server.server_instance_no
    step("created server %s: %s" % (no, server.server_instance_status.code))

    def detail():
        return api.get_server_instance_detail(
            ncloud_vserver.GetServerInstanceDetailRequest(server_instance_no=no)
        ).server_instance_list

    def poll(status):
        deadline = time.time() + 30
        while time.time() < deadline:
            servers = detail()
            if status is None and not servers:
                return
            if servers and servers[0].server_instance_status.code == status \
                    and servers[0].server_instance_operation.code == "NULL":
                return
            time.sleep(0.05)
        fail("server %s did not reach %s" % (no, status or "gone"))

    poll("RUN")
    step("server %s: RUN" % no)

    try:
        api.terminate_server_instances(ncloud_vserver.TerminateServerInstancesRequest(
            server_instance_no_list=[no]))
        fail("a running server was terminated")
    except ApiException as e:
        step("terminate while running refused: HTTP %s" % e.status)

    api.stop_server_instances(ncloud_vserver.StopServerInstancesRequest(
        server_instance_no_list=[no]))
    poll("NSTOP")
    step("server %s: NSTOP" % no)

    api.terminate_server_instances(ncloud_vserver.TerminateServerInstancesRequest(
        server_instance_no_list=[no]))
    poll(None)
    step("server %s: gone" % no)
    step("ok")


if __name__ == "__main__":
    main()
