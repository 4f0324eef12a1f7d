package io.securer.examples.docs;

import io.securer.ResourceLimits;
import io.securer.SecureSession;
import io.securer.SandboxMode;

/** The code of docs/troubleshooting.md (DocsSnippetsTest keeps them equal). */
public final class TroubleshootingExamples {
    private TroubleshootingExamples() {
    }

    public static SandboxMode checkSandbox() {
        // tag::check-sandbox[]
        try (SecureSession session = SecureSession.builder().sandbox(true).build()) {
            SandboxMode mode = session.sandboxMode();   // BUBBLEWRAP, or NONE after a fallback
            System.out.println(session);                // ... sandbox=bubblewrap ... or sandbox=none(fallback)
            return mode;
        }
        // end::check-sandbox[]
    }

    public static SecureSession strict() {
        // tag::strict[]
        SecureSession session = SecureSession.builder()
                .sandbox(true)
                .sandboxStrict(true)   // no sandbox, no session: throws SandboxUnavailableException
                .build();
        // end::strict[]
        return session;
    }

    public static SecureSession roomier() {
        // tag::limits[]
        SecureSession session = SecureSession.builder()
                .sandbox(true)
                .limits(ResourceLimits.builder()
                        .cpuSeconds(600)                         // over the R process's life, not per call
                        .memoryBytes(2L * 1024 * 1024 * 1024)    // 2 GiB for the sandbox (cgroup)
                        .fileSizeBytes(200L * 1024 * 1024)       // largest file R may write
                        .maxProcesses(50)
                        .maxOpenFiles(256)                       // at least ResourceLimits.MIN_OPEN_FILES
                        .build())
                .build();
        // end::limits[]
        return session;
    }
}
