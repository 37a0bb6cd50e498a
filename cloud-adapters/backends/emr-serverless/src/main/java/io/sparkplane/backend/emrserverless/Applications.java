package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import io.sparkplane.backend.emrserverless.EmrServerlessClient.Application;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.ApplicationChoice;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.ExistingApplication;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import io.sparkplane.spi.engine.EngineBackendException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The application a profile's job runs go to, made ready before each start: the operator's own
 * ({@code application-id}), which must exist and not be terminated; or the profile's, found by its
 * name or created with a client token, so a restarted control plane or a second replica uses the
 * same one. A created or stopped application is started (a job run would start it too, unless its
 * auto-start is off); one still being created or stopped is waited for, a bounded while.
 */
final class Applications {

    static final String TERMINATED = "TERMINATED";
    /** States an application passes through on its own, which a start must wait out. */
    private static final Set<String> PASSING = Set.of("CREATING", "STOPPING");
    private static final Set<String> STARTABLE = Set.of("CREATED", "STOPPED");
    private static final System.Logger LOG = System.getLogger(Applications.class.getName());

    private final EmrServerlessClient client;
    private final String profile;
    private final ApplicationChoice choice;
    private final Duration pollInterval;
    private final Duration wait;
    /** The profile's application once found or made, checked again before each use. */
    private volatile String known;

    Applications(EmrServerlessClient client, String profile, ApplicationChoice choice, Duration pollInterval, Duration wait) {
        this.client = requireNonNull(client, "client is null");
        this.profile = requireNonNull(profile, "profile is null");
        this.choice = requireNonNull(choice, "choice is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.wait = requireNonNull(wait, "wait is null");
    }

    /**
     * The id of an application that takes job runs now.
     *
     * @throws EngineBackendException when there is none and none can be made, with AWS's reason
     */
    String ready() {
        try {
            if (choice instanceof ExistingApplication existing) {
                return started(existing(existing.applicationId()));
            }
            return started(profiles((NewApplication) choice));
        } catch (EmrServerlessException e) {
            throw new EngineBackendException("EMR Serverless application of profile " + profile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ids of the applications the profile's job runs may be on: the operator's, or every one
     * Sparkplane made for the profile (one per release it was given), found by name and tag. None
     * are made.
     */
    List<String> ofProfile() {
        if (choice instanceof ExistingApplication existing) {
            return List.of(existing.applicationId());
        }
        List<String> ids = new ArrayList<>();
        for (Application listed : client.listApplications()) {
            if (listed.name() == null || !listed.name().startsWith(ApplicationRequest.NAME_PREFIX) || listed.state().equals(TERMINATED)) {
                continue;
            }
            try {
                if (profile.equals(client.getApplication(listed.id()).tags().get(ApplicationRequest.TAG_PROFILE))) {
                    ids.add(listed.id());
                }
            } catch (EmrServerlessException e) {
                if (!e.notFound()) {
                    throw e;
                }
            }
        }
        return ids;
    }

    private Application existing(String applicationId) {
        Application application;
        try {
            application = client.getApplication(applicationId);
        } catch (EmrServerlessException e) {
            if (e.notFound()) {
                throw new EngineBackendException("EMR Serverless application " + applicationId + " (the application-id of profile " + profile
                        + ") does not exist in this region");
            }
            throw e;
        }
        if (application.state().equals(TERMINATED)) {
            throw new EngineBackendException("EMR Serverless application " + applicationId + " (the application-id of profile " + profile
                    + ") is terminated");
        }
        return application;
    }

    /** One at a time: two first runs at once must not both create it (moto ignores the client token that AWS would dedupe by). */
    private synchronized Application profiles(NewApplication settings) {
        String cached = known;
        if (cached != null) {
            try {
                Application application = client.getApplication(cached);
                if (!application.state().equals(TERMINATED)) {
                    return application;
                }
            } catch (EmrServerlessException e) {
                if (!e.notFound()) {
                    throw e;
                }
            }
            known = null; // deleted behind our back: find or make it again
        }
        ApplicationRequest request = ApplicationRequest.of(profile, settings);
        Optional<Application> found = client.listApplications().stream()
                .filter(application -> request.name().equals(application.name()) && !application.state().equals(TERMINATED))
                .min(Comparator.comparing(Application::id));
        Application application;
        if (found.isPresent()) {
            application = found.get();
        } else {
            String id = client.createApplication(request.toJson());
            LOG.log(System.Logger.Level.INFO, "emr-serverless profile {0}: created application {1} ({2}, {3})", profile, id, request.name(),
                    settings.releaseLabel());
            application = client.getApplication(id);
        }
        known = application.id();
        return application;
    }

    /** The application once it takes job runs: waited for while it passes a state, started when it is not. */
    private String started(Application application) {
        Application current = application;
        long deadline = System.nanoTime() + wait.toNanos();
        while (PASSING.contains(current.state())) {
            if (System.nanoTime() > deadline) {
                throw new EngineBackendException("EMR Serverless application " + current.id() + " is still " + current.state() + " after "
                        + wait.toSeconds() + " s");
            }
            sleep(pollInterval);
            current = client.getApplication(current.id());
        }
        if (current.state().equals(TERMINATED)) {
            throw new EngineBackendException("EMR Serverless application " + current.id() + " is terminated");
        }
        if (STARTABLE.contains(current.state())) {
            client.startApplication(current.id());
        }
        return current.id();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineBackendException("interrupted while waiting for an EMR Serverless application", e);
        }
    }
}
