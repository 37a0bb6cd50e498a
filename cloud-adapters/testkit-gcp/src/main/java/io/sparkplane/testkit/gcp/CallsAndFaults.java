package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.sparkplane.testkit.localspark.FakeLog;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts every call by its RPC's simple name ("CreateCluster", "GetOperation") and answers the ones a
 * test scripted with {@link #failNext} with their status before any service sees them: the call does
 * nothing, as a call refused at Google's front end does. Counted before the fault, so a test sees each
 * retry the client made. A fault scripted with {@link #failNextAfterDoing} lets the call take effect
 * and answers the status in place of its answer (a lost answer, an internal error after the work).
 * A project a test refuses ({@link #refuseProject}) is answered {@code PERMISSION_DENIED} on every
 * call naming it, as Google answers a project the caller may not use or whose API is disabled.
 */
final class CallsAndFaults implements ServerInterceptor {

    private record Fault(int remaining, Status.Code code, boolean afterDoing) {}

    private final FakeLog log;
    private final Map<String, Integer> calls = new TreeMap<>();
    private final Map<String, Fault> faults = new HashMap<>();
    private final Set<String> refusedProjects = new HashSet<>();

    CallsAndFaults(FakeLog log) {
        this.log = requireNonNull(log, "log is null");
    }

    synchronized void failNext(String method, int times, Status.Code code) {
        fault(method, times, code, false);
    }

    synchronized void failNextAfterDoing(String method, int times, Status.Code code) {
        fault(method, times, code, true);
    }

    synchronized void refuseProject(String project) {
        refusedProjects.add(requireNonNull(project, "project is null"));
    }

    private void fault(String method, int times, Status.Code code, boolean afterDoing) {
        requireNonNull(method, "method is null");
        requireNonNull(code, "code is null");
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative, not " + times);
        }
        if (code == Status.Code.OK) {
            throw new IllegalArgumentException("a fault is not OK");
        }
        if (times == 0) {
            faults.remove(method);
        } else {
            faults.put(method, new Fault(times, code, afterDoing));
        }
    }

    synchronized Map<String, Integer> calls() {
        return Map.copyOf(calls);
    }

    synchronized void resetCalls() {
        calls.clear();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        Fault fault = count(method);
        if (fault != null && !fault.afterDoing()) {
            log.log(method + ": answered " + fault.code() + " (failNext)");
            call.close(Status.fromCode(fault.code()).withDescription("fault injected by the fake (failNext " + method + ")"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        ServerCall<Q, A> answering = fault == null ? call : new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(A message) {
                // the work is done; its answer is lost
            }

            @Override
            public void close(Status status, Metadata trailers) {
                log.log(method + ": done, then answered " + fault.code() + " (failNextAfterDoing)");
                super.close(Status.fromCode(fault.code()).withDescription("fault injected by the fake after the call took effect"
                        + " (failNextAfterDoing " + method + ")"), new Metadata());
            }
        };
        ServerCall.Listener<Q> listener = next.startCall(answering, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            private boolean refused;

            @Override
            public void onMessage(Q request) {
                String project = request instanceof Message message ? project(message) : null;
                if (project != null && refused(project)) {
                    refused = true;
                    log.log(method + ": project " + project + " refused (refuseProject)");
                    call.close(Status.PERMISSION_DENIED.withDescription("Permission 'dataproc." + method + "' denied on project "
                            + project + " (or it may not exist, or the Dataproc API is not enabled in it)"), new Metadata());
                    return;
                }
                super.onMessage(request);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    private synchronized boolean refused(String project) {
        return refusedProjects.contains(project);
    }

    /** The project a request names: its {@code project_id}, or the {@code projects/<id>/} its {@code parent} or {@code name} starts with. */
    private static String project(Message request) {
        for (String field : new String[] {"project_id", "parent", "name"}) {
            Descriptors.FieldDescriptor descriptor = request.getDescriptorForType().findFieldByName(field);
            if (descriptor == null || descriptor.getJavaType() != Descriptors.FieldDescriptor.JavaType.STRING) {
                continue;
            }
            String value = (String) request.getField(descriptor);
            if (field.equals("project_id") && !value.isEmpty()) {
                return value;
            }
            if (value.startsWith("projects/")) {
                String rest = value.substring("projects/".length());
                return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            }
        }
        return null;
    }

    private synchronized Fault count(String method) {
        calls.merge(method, 1, Integer::sum);
        Fault fault = faults.get(method);
        if (fault == null) {
            return null;
        }
        if (fault.remaining() == 1) {
            faults.remove(method);
        } else {
            faults.put(method, new Fault(fault.remaining() - 1, fault.code(), fault.afterDoing()));
        }
        return fault;
    }
}
