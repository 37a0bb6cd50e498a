package io.sparkplane.testkit.azure;

/** The Livy batch API's calls, by which a test scripts a fault ({@link FakeLivy#failNext}). */
public enum LivyOperation {
    /** GET /batches */
    LIST,
    /** POST /batches */
    CREATE,
    /** GET /batches/{id} */
    GET,
    /** GET /batches/{id}/state */
    STATE,
    /** GET /batches/{id}/log */
    LOG,
    /** DELETE /batches/{id} */
    DELETE
}
