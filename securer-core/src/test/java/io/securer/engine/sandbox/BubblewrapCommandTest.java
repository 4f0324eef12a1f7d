package io.securer.engine.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BubblewrapCommandTest {

    @Test
    void nonMergedUsrHostBindsRealDirectoriesAndSkipsMissingOnes() {
        FakeHostFileSystem host = new FakeHostFileSystem().file("/bin").file("/lib").file("/sbin");
        List<String> args = BubblewrapCommand.builder().hostFileSystem(host).disableNestedUserNamespaces(false)
                .tmpSizeBytes(1024).build().arguments();
        assertEquals(List.of("/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
                "--ro-bind", "/usr", "/usr",
                "--ro-bind", "/bin", "/bin", "--ro-bind", "/lib", "/lib", "--ro-bind", "/sbin", "/sbin",
                "--ro-bind-try", "/etc/R", "/etc/R",
                "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
                "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
                "--ro-bind-try", "/etc/ld.so.conf", "/etc/ld.so.conf",
                "--ro-bind-try", "/etc/ld.so.conf.d", "/etc/ld.so.conf.d",
                "--ro-bind-try", "/etc/localtime", "/etc/localtime",
                "--ro-bind-try", "/etc/fonts", "/etc/fonts", "--ro-bind-try", "/var/cache/fontconfig", "/var/cache/fontconfig",
                "--proc", "/proc", "--dev", "/dev", "--size", "1024", "--tmpfs", "/tmp",
                "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", "/tmp", "--clearenv", "--"), args);
    }

    @Test
    void rPathsOutsideBoundDirectoriesAreBoundOnceReadOnly() {
        RInstallation r = new RInstallation(Path.of("/opt/R/4.4.1/lib/R"), Path.of("/opt/R/4.4.1/lib/R/bin/exec/R"),
                Map.of(), List.of(Path.of("/opt/R/4.4.1/lib/R/library"), Path.of("/srv/rlibs/"),
                        Path.of("/usr/lib/R/site-library"), Path.of("/srv/rlibs")));
        List<String> args = BubblewrapCommand.builder().hostFileSystem(FakeHostFileSystem.debian())
                .rInstallation(r).build().arguments();
        String joined = String.join(" ", args);
        assertTrue(joined.contains("--ro-bind-try /opt/R/4.4.1/lib/R /opt/R/4.4.1/lib/R "
                + "--ro-bind-try /srv/rlibs /srv/rlibs --proc"), joined);
        assertFalse(joined.contains("site-library"), joined);
        assertFalse(joined.contains("/opt/R/4.4.1/lib/R/library"), joined);
    }

    @Test
    void neverBindsSecretsOrHomes() {
        List<String> args = BubblewrapCommand.builder().hostFileSystem(FakeHostFileSystem.debian())
                .rInstallation(Fixtures.DEBIAN_R).sessionDir(Fixtures.SESSION).build().arguments();
        for (String forbidden : List.of("/etc/passwd", "/etc/shadow", "/root", "/home", "/etc/group")) {
            assertFalse(args.contains(forbidden), forbidden);
        }
        assertEquals("--", args.get(args.size() - 1));
    }

    @Test
    void rejectsRelativePathsAndBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> BubblewrapCommand.builder().sessionDir(Path.of("s")));
        assertThrows(IllegalArgumentException.class, () -> BubblewrapCommand.builder().tmpSizeBytes(0));
        assertThrows(IllegalArgumentException.class, () -> BubblewrapCommand.builder().hostname("a b"));
    }
}
