package io.securer.engine.sandbox;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control for children that are descendants of the started process: without a sandbox, under
 * bubblewrap (bwrap → its init → R) and under Seatbelt. A peer belongs to the child when it is the
 * started process or one of its descendants; an interrupt is {@code kill -INT} on R's pid after
 * that check. Nothing lives outside the process tree, so {@link #close()} has nothing to do.
 *
 * <p>Stateless and thread-safe; use {@link #INSTANCE}.
 */
public final class ProcessTreeControl implements ChildControl {
    /** The one instance. */
    public static final ProcessTreeControl INSTANCE = new ProcessTreeControl();

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTreeControl.class);
    /** sh → setpriv → bwrap → bwrap's init → R is four levels; more leaves room for wrappers. */
    private static final int MAX_DEPTH = 8;

    private ProcessTreeControl() {
    }

    /** True when {@code pid} is {@code launched} or one of its descendants (at most 8 levels down). */
    @Override
    public boolean isChild(long pid, ProcessHandle launched) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        for (int depth = 0; depth < MAX_DEPTH && h.isPresent(); depth++) {
            if (h.get().pid() == launched.pid()) {
                return true;
            }
            h = h.get().parent();
        }
        return false;
    }

    @Override
    public boolean interrupt(long rPid, ProcessHandle launched) {
        if (rPid <= 0 || !isChild(rPid, launched)) {
            return false;
        }
        // Java cannot send SIGINT; the shell's kill builtin is present wherever /bin/sh is.
        try {
            Process k = new ProcessBuilder("/bin/sh", "-c", "kill -INT \"$1\"", "securer-interrupt", Long.toString(rPid))
                    .redirectErrorStream(true).start();
            k.getInputStream().readAllBytes();
            return k.waitFor(5, TimeUnit.SECONDS) && k.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("could not interrupt R pid {}: {}", rPid, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        // Killing the process tree is all there is to do; the process owner does that.
    }

    @Override
    public String toString() {
        return "ProcessTreeControl";
    }
}
