package io.securer.examples.docs;

import io.securer.ResourceLimits;
import io.securer.SecureSession;

/** The code of docs/deployment.md (DocsSnippetsTest checks the doc quotes it). */
public final class DeploymentExamples {
    private DeploymentExamples() {
    }

    /** Tuned limits for a sandboxed session; the caller builds (and closes) it. */
    public static SecureSession.Builder tunedLimits() {
        ResourceLimits limits = ResourceLimits.builder()
                .cpuSeconds(30)                 // RLIMIT_CPU: SIGXCPU kills R, the session restarts
                .memoryBytes(2048L << 20)       // memory cgroup of the sandbox (else RLIMIT_AS); see "Memory limits"
                .fileSizeBytes(10L << 20)       // RLIMIT_FSIZE: SIGXFSZ kills the writer
                .maxProcesses(20)               // RLIMIT_NPROC, counted per (sandbox) uid
                .maxOpenFiles(512)              // RLIMIT_NOFILE; R 4.2 refuses to start below ~170
                .stackBytes(16L << 20)          // RLIMIT_STACK
                .build();
        return SecureSession.builder().sandbox(true).sandboxStrict(true).limits(limits);
    }
}
