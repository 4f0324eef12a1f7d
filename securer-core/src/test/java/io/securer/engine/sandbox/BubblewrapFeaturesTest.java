package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BubblewrapFeaturesTest {
    private static final String HELP_08 = String.join("\n",
            "usage: bwrap [OPTIONS...] [--] COMMAND [ARGS...]",
            "    --unshare-all                Unshare every namespace we support by default",
            "    --disable-userns             Disable further use of user namespaces inside sandbox",
            "    --seccomp FD                 Load and use seccomp rules from FD (not repeatable)",
            "    --size BYTES                 Set size of next argument (only for --tmpfs)");
    /** As bwrap 0.6 prints it: no --disable-userns; --size mentioned only inside another line. */
    private static final String HELP_06 = String.join("\n",
            "usage: bwrap [OPTIONS...] [--] COMMAND [ARGS...]",
            "    --unshare-all                Unshare every namespace we support by default",
            "    --tmpfs DEST                 Mount new tmpfs on DEST (see --size elsewhere)");

    @Test
    void readsTheOptionsFromHelp() {
        assertEquals(BubblewrapFeatures.ALL, BubblewrapFeatures.fromHelp(HELP_08));
        assertEquals(new BubblewrapFeatures(false, false, false), BubblewrapFeatures.fromHelp(HELP_06));
        assertEquals("", BubblewrapFeatures.ALL.missing());
        assertEquals("--disable-userns (code in the sandbox may create nested user namespaces); "
                + "--size (the sandbox's /tmp has no size cap beyond the file-size limit)",
                new BubblewrapFeatures(false, false, true).missing());
        assertEquals("--seccomp (no system call filter: ptrace, keyctl, bpf, io_uring and the like stay reachable)",
                BubblewrapFeatures.ALL.withoutSeccomp().missing());
        assertEquals(new BubblewrapFeatures(true, true, false), BubblewrapFeatures.ALL.withoutSeccomp());
    }

    @Test
    void anOldBwrapGetsNoOptionItWouldReject() {
        List<String> args = BubblewrapCommand.builder().bwrap(Path.of("/usr/bin/bwrap"))
                .features(new BubblewrapFeatures(false, false, false)).build().arguments();
        assertFalse(args.contains("--disable-userns"), args.toString());
        assertFalse(args.contains("--size"), args.toString());
        assertTrue(args.contains("--unshare-all"));
        assertTrue(args.containsAll(List.of("--tmpfs", "/tmp", "--remount-ro")));
        List<String> full = BubblewrapCommand.builder().bwrap(Path.of("/usr/bin/bwrap")).build().arguments();
        assertTrue(full.containsAll(List.of("--unshare-user", "--disable-userns", "--size")));
    }
}
