package io.sparkplane.backend.emr;

import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.settings.SettingException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.SupportedInstanceType;

/**
 * Asks EMR whether the profile's release takes its instance types ({@code ListSupportedInstanceTypes}),
 * so a wrong type stops the profile before any run, not as a failed cluster minutes later: a
 * {@link SettingException}, which the control plane keeps and answers submits to the profile with.
 * EMR tells only where the caller may ask: without that permission the check is skipped, and said so.
 */
final class ReleaseCheck {

    private static final System.Logger LOG = System.getLogger(ReleaseCheck.class.getName());

    private ReleaseCheck() {}

    static void instanceTypes(EmrClient emr, EmrBackendConfiguration configuration) {
        Set<String> supported = new TreeSet<>();
        try {
            for (var page : emr.listSupportedInstanceTypesPaginator(request -> request.releaseLabel(configuration.releaseLabel()))) {
                for (SupportedInstanceType type : page.supportedInstanceTypes()) {
                    supported.add(type.type());
                }
            }
        } catch (SdkClientException e) {
            throw new EngineBackendException("cannot ask EMR about the release " + configuration.releaseLabel() + ": " + e.getMessage(), e);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 403 || "AccessDeniedException".equals(errorCode(e))) {
                LOG.log(System.Logger.Level.WARNING, "cannot check the instance types of {0} against EMR (no permission for"
                        + " elasticmapreduce:ListSupportedInstanceTypes): clusters of a type it does not take fail when started",
                        configuration.releaseLabel());
                return;
            }
            String refused = "EMR refuses the release " + configuration.releaseLabel() + " in " + configuration.region() + ": "
                    + EmrEngineBackend.message(e);
            // a refusal of the request is the profile's mistake, which no retry mends
            if ("ValidationException".equals(errorCode(e)) || "InvalidRequestException".equals(errorCode(e))) {
                throw new SettingException("release-label: " + refused, e);
            }
            if (e.statusCode() >= 500) {
                // EMR could not answer (after the SDK's retries): the check tells nothing, RunJobFlow will
                LOG.log(System.Logger.Level.WARNING, "cannot check the instance types of {0} against EMR ({1}): clusters of a type"
                        + " it does not take fail when started", configuration.releaseLabel(), EmrEngineBackend.message(e));
                return;
            }
            throw new EngineBackendException(refused, e);
        }
        if (supported.isEmpty()) {
            return;
        }
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(configuration.masterInstanceType());
        if (configuration.coreInstanceCount() > 0) {
            wanted.add(configuration.coreInstanceType());
        }
        wanted.add(configuration.taskInstanceType());
        wanted.removeAll(supported);
        if (!wanted.isEmpty()) {
            throw new SettingException("EMR release " + configuration.releaseLabel() + " in " + configuration.region()
                    + " does not take the instance type" + (wanted.size() == 1 ? " " : "s ") + String.join(", ", wanted)
                    + " of the profile's master-instance-type, core-instance-type or task-instance-type (ListSupportedInstanceTypes)");
        }
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
