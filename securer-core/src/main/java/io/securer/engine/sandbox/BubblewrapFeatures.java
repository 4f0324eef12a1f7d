package io.securer.engine.sandbox;

import java.util.regex.Pattern;

/**
 * Options that only newer bubblewrap releases understand, read from {@code bwrap --help}, so that
 * an older bwrap (Ubuntu 22.04 ships 0.6) still sandboxes instead of failing on an unknown
 * option. What is missing is weaker isolation, and the probe logs it. Immutable.
 *
 * @param disableUserns {@code --disable-userns}: no user namespaces inside the sandbox (0.8+)
 * @param tmpfsSize     {@code --size}: a size cap on the sandbox's {@code /tmp} tmpfs
 * @param seccomp       {@code --seccomp FD}: the {@link SeccompFilter} is installed (false when
 *                      bwrap lacks the option, the architecture has no filter, or the kernel
 *                      refused it in the probe)
 */
public record BubblewrapFeatures(boolean disableUserns, boolean tmpfsSize, boolean seccomp) {

    /** Everything securer uses (bwrap 0.8 and later). */
    public static final BubblewrapFeatures ALL = new BubblewrapFeatures(true, true, true);

    private static final Pattern DISABLE_USERNS = Pattern.compile("(?m)^\\s*--disable-userns\\b");
    private static final Pattern SIZE = Pattern.compile("(?m)^\\s*--size\\b");
    private static final Pattern SECCOMP = Pattern.compile("(?m)^\\s*--seccomp\\b");

    /** The features a {@code bwrap --help} text lists. */
    public static BubblewrapFeatures fromHelp(String help) {
        return new BubblewrapFeatures(DISABLE_USERNS.matcher(help).find(), SIZE.matcher(help).find(),
                SECCOMP.matcher(help).find());
    }

    /** A copy without the seccomp filter. */
    public BubblewrapFeatures withoutSeccomp() {
        return new BubblewrapFeatures(disableUserns, tmpfsSize, false);
    }

    /** What is missing, for a warning; empty when nothing is. */
    public String missing() {
        StringBuilder sb = new StringBuilder();
        if (!disableUserns) {
            sb.append("--disable-userns (code in the sandbox may create nested user namespaces)");
        }
        if (!tmpfsSize) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append("--size (the sandbox's /tmp has no size cap beyond the file-size limit)");
        }
        if (!seccomp) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append("--seccomp (no system call filter: ptrace, keyctl, bpf, io_uring and the like stay reachable)");
        }
        return sb.toString();
    }
}
