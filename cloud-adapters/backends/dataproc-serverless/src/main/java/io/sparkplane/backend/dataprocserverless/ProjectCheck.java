package io.sparkplane.backend.dataprocserverless;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import com.google.cloud.dataproc.v1.ListBatchesRequest;
import io.sparkplane.spi.settings.SettingException;

/**
 * Asks Dataproc once, when the profile's backend is made, whether the profile's project and region
 * take calls from these credentials (one page of one batch, a call the sweep makes anyway), so a
 * wrong project, a region Dataproc does not know, a disabled API or missing credentials stop the
 * profile before any run: a {@link SettingException}, which the control plane keeps and answers
 * submits to the profile with. Dataproc not answering tells nothing, and is only said.
 */
final class ProjectCheck {

    private static final System.Logger LOG = System.getLogger(ProjectCheck.class.getName());

    private ProjectCheck() {}

    static void reachable(BatchControllerClient batches, DataprocServerlessConfiguration configuration) {
        try {
            batches.listBatches(ListBatchesRequest.newBuilder().setParent(configuration.parent()).setPageSize(1).build()).getPage();
        } catch (ApiException e) {
            String refused = "Dataproc refuses project " + configuration.project() + " in region " + configuration.region() + ": "
                    + GoogleErrors.describe(e);
            switch (e.getStatusCode().getCode()) {
                case PERMISSION_DENIED, NOT_FOUND -> throw new SettingException("project: " + refused, e);
                case INVALID_ARGUMENT -> throw new SettingException("region: " + refused, e);
                case UNAUTHENTICATED -> throw new SettingException("credentials: " + refused, e);
                default -> LOG.log(System.Logger.Level.WARNING, "cannot check project {0} in {1} with Dataproc ({2}): runs will say what is wrong",
                        configuration.project(), configuration.region(), GoogleErrors.describe(e));
            }
        }
    }
}
