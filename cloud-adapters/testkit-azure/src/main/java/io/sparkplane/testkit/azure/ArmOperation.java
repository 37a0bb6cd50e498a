package io.sparkplane.testkit.azure;

/** The ARM calls {@link FakeHdInsightArmServer} serves, by which a test scripts a fault or throttling. */
public enum ArmOperation {
    /** PUT .../clusters/{name} */
    CREATE,
    /** PATCH .../clusters/{name}: its tags */
    UPDATE,
    /** GET .../clusters/{name} */
    GET,
    /** DELETE .../clusters/{name} */
    DELETE,
    /** GET .../clusters (by resource group or subscription), and the next pages */
    LIST,
    /** POST .../clusters/{name}/roles/{role}/resize */
    RESIZE,
    /** GET .../azureasyncoperations/{id} and .../operationresults/{id}: what a client's long-running-operation poller asks */
    POLL
}
