package io.securer.engine.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SeatbeltProfileTest {

    private static final RInstallation MAC_R = new RInstallation(
            Path.of("/Library/Frameworks/R.framework/Resources"),
            Path.of("/Library/Frameworks/R.framework/Resources/bin/exec/R"), Map.of(),
            List.of(Path.of("/Library/Frameworks/R.framework/Resources/library"), Path.of("/opt/rlibs")));

    @Test
    void generatesTheExactDenyByDefaultProfile() {
        String text = SeatbeltProfile.builder().rInstallation(MAC_R)
                .tempDir(Path.of("/private/var/folders/xy/T/securer-1"))
                .socket(Path.of("/private/var/folders/xy/T/securer-1/ipc.sock"))
                .build().text();
        assertEquals("""
                (version 1)
                (deny default)
                (allow process-fork)
                (allow process-exec (literal "/bin/sh") (literal "/bin/bash") (literal "/bin/dash") \
                (literal "/bin/zsh") (literal "/Library/Frameworks/R.framework/Resources/bin/exec/R"))
                (allow signal (target self))
                (allow process-info* (target self))
                (allow sysctl-read)
                (allow mach-lookup (global-name "com.apple.system.notification_center"))
                (allow file-read-metadata)
                (allow file-read*
                    (subpath "/usr/lib")
                    (subpath "/usr/share")
                    (subpath "/System/Library")
                    (subpath "/Library/Frameworks/R.framework")
                    (subpath "/private/var/db/timezone")
                    (subpath "/private/var/select")
                    (literal "/bin/sh")
                    (literal "/bin/bash")
                    (literal "/bin/dash")
                    (literal "/bin/zsh")
                    (subpath "/Library/Frameworks/R.framework/Resources")
                    (subpath "/Library/Frameworks/R.framework/Resources/library")
                    (subpath "/opt/rlibs")
                    (subpath "/private/var/folders/xy/T/securer-1")
                    (literal "/dev/null") (literal "/dev/random") (literal "/dev/urandom"))
                (allow file-write*
                    (subpath "/private/var/folders/xy/T/securer-1")
                    (literal "/dev/null"))
                (allow network-outbound (remote unix-socket (path-literal "/private/var/folders/xy/T/securer-1/ipc.sock")))
                """, text);
    }

    @Test
    void separateSocketDirectoryIsWritableToo() {
        String text = SeatbeltProfile.builder().rInstallation(MAC_R).tempDir(Path.of("/private/tmp/t"))
                .socket(Path.of("/private/tmp/s/ipc.sock")).build().text();
        assertEquals(true, text.contains("(allow file-write*\n    (subpath \"/private/tmp/t\")\n"
                + "    (subpath \"/private/tmp/s\")\n    (literal \"/dev/null\"))\n"), text);
    }

    @Test
    void rejectsPathsThatWouldBreakOutOfAStringLiteral() {
        for (String bad : List.of("/tmp/a\"b", "/tmp/a\\b", "/tmp/a\nb", "/tmp/a\u0000b".replace("\u0000", "\u0007"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SeatbeltProfile.builder().rInstallation(MAC_R).tempDir(Path.of(bad))
                            .socket(Path.of("/tmp/s/ipc.sock")).build());
            assertEquals("path cannot be used in a Seatbelt profile (contains '\"', '\\' or a control character): "
                    + bad, e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SeatbeltProfile.builder().rInstallation(MAC_R)
                .tempDir(Path.of("relative")).socket(Path.of("/tmp/s/ipc.sock")).build());
    }
}
