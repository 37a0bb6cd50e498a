package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.SubmissionRateLimit;
import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.dispatch.DispatchTrigger;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.RunInputs;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.engine.JobHosting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Submits a run as every surface does (the REST API, the Livy batch API): the caller's role, the
 * submission rate, the workspace and its locations, the engine profile's rules, the artifacts named,
 * the queue quota, the audit trail, the dispatcher woken. A surface maps its own request to a
 * {@link RunSpec} and answers in its own shape.
 */
@ApplicationScoped
public class RunSubmission {

    private final RunService runs;
    private final EngineProfiles backends;
    private final DispatchTrigger dispatch;
    private final RunInputs inputs;
    private final Workspaces workspaces;
    private final AuditTrail audit;
    private final SubmissionRateLimit rateLimit;

    RunSubmission(RunService runs, EngineProfiles backends, DispatchTrigger dispatch, RunInputs inputs, Workspaces workspaces,
            AuditTrail audit, SubmissionRateLimit rateLimit) {
        this.runs = runs;
        this.backends = backends;
        this.dispatch = dispatch;
        this.inputs = inputs;
        this.workspaces = workspaces;
        this.audit = audit;
        this.rateLimit = rateLimit;
    }

    /** A surface's request as a run, and the key that makes its repeats one run. */
    public record Request(RunSpec spec, Optional<String> idempotencyKey) {}

    /** A submit a surface answers with 201 Created (the Livy batch API, which takes no idempotency key). */
    public RunService.Submitted submit(Caller caller, String workspaceField, Supplier<Request> read) {
        return submit(caller, workspaceField, read, submitted -> 201);
    }

    /**
     * @param workspaceField how the surface names the workspace in its request, for the error when it is unknown
     * @param read reads and maps the request: only once the caller may submit at all, so a caller
     *     without the role or over its rate is told so before anything about its request
     * @param answer the status the surface answers the submit with, kept in its audit record
     * @throws ProblemException when the caller may not submit, or the request is not a valid run (nothing is stored)
     */
    public RunService.Submitted submit(Caller caller, String workspaceField, Supplier<Request> read, ToIntFunction<RunService.Submitted> answer) {
        caller.requireEditor("submitting a run");
        rateLimit.admit(caller);
        Request given = read.get();
        // the workspace decides which locations the run may name, so it is found first; the run is checked
        // (its artifacts' existence in the workspace's store) before the transaction, which then holds no
        // connection and no lock while a store answers
        Workspace seen = workspaces.named(given.spec().workspace(), workspaceField, caller);
        caller.requireEditorIn(seen.id(), "submitting a run");
        RunDefinition definition = definition(seen, given.spec(), "");
        RunService.Submitted submitted;
        try {
            submitted = Transactions.inNewTransaction(() -> submitInTransaction(caller, workspaceField, seen, definition, given, answer));
        } catch (PersistenceException e) {
            if (given.idempotencyKey().isEmpty()) {
                throw e;
            }
            // Two submits with one key raced; the unique constraint let one win. The same submit again answers with its run.
            submitted = Transactions.inNewTransaction(() -> submitInTransaction(caller, workspaceField, seen, definition, given, answer));
        }
        if (submitted.created()) {
            dispatch.wake();
        }
        return submitted;
    }

    /**
     * The whole submit in one transaction, one round trip to PostgreSQL per statement: the workspace
     * (locked against its delete), the run, its first event and the call's audit record commit
     * together or not at all.
     */
    private RunService.Submitted submitInTransaction(Caller caller, String workspaceField, Workspace seen, RunDefinition definition,
            Request given, ToIntFunction<RunService.Submitted> answer) {
        // again, locked: deleted since it was read, the run is refused as if it had never been there
        Workspace workspace = workspaces.lockedForSubmit(seen, workspaceField, caller);
        RunService.Submitted submitted = runs.submitInTransaction(workspace, definition, given.idempotencyKey());
        audit.note(workspace.id(), submitted.run().id().toString());
        audit.keepInTransaction(answer.applyAsInt(submitted));
        return submitted;
    }

    /**
     * The definition a run of the workspace with this spec has: every rule of a submit (the engine
     * profile's, the workspace's locations, the artifacts named exist).
     *
     * @param fieldPrefix put before each field an error names ({@code template.} for a job's run template)
     * @throws ProblemException when the spec is not a valid run
     */
    public RunDefinition definition(Workspace workspace, RunSpec spec, String fieldPrefix) {
        RunSpecMapper mapper = new RunSpecMapper(backendRules(), workspace.defaultBackend().orElse(backends.defaultName()), inputs.parser(workspace),
                workspace.stagingRoot().scheme());
        RunSpecMapper.Result result = mapper.toDefinition(spec);
        if (!result.valid()) {
            throw ProblemException.invalid(prefixed(result.errors(), fieldPrefix));
        }
        var missing = inputs.missingArtifacts(workspace, mapper.inputs(result.definition()));
        if (!missing.isEmpty()) {
            throw ProblemException.invalid(prefixed(missing, fieldPrefix));
        }
        return result.definition();
    }

    /** Tells the dispatcher a run was queued, so it starts without waiting for its next poll. */
    public void queued() {
        dispatch.wake();
    }

    private static List<FieldError> prefixed(List<FieldError> errors, String prefix) {
        return prefix.isEmpty() ? errors : errors.stream().map(error -> new FieldError(prefix + error.field(), error.message())).toList();
    }

    /** What a submit must know of each enabled engine profile. */
    private Map<String, RunSpecMapper.Backend> backendRules() {
        Map<String, RunSpecMapper.Backend> rules = new LinkedHashMap<>();
        for (String name : backends.names()) {
            rules.put(name, new RunSpecMapper.Backend(backends.limits(name).maxExecutorsPerRun(), backends.sparkConf(name).keySet(),
                    backends.hosting(name) == JobHosting.SERVICE, backends.stagingSchemes(name), backends.refusal(name)));
        }
        return rules;
    }
}
