package io.securer.sandbox;

import java.util.regex.Pattern;

/**
 * Options that only newer bubblewrap releases understand, read from {@code bwrap --help}, so that
 * an older bwrap (Ubuntu 22.04 ships 0.6) still sandboxes instead of failing on an unknown
 * option. What is missing is weaker isolation, and the probe logs it. Immutable.
 *
 * @param disableUserns {@code --disable-userns}: no user namespaces inside the sandbox (0.8+)
 * @param tmpfsSize     {@code --size}: a size cap on the sandbox's {@code /tmp} tmpfs
 */
public record BubblewrapFeatures(boolean disableUserns, boolean tmpfsSize) {

    /** Everything securer uses (bwrap 0.8 and later). */
    public static final BubblewrapFeatures ALL = new BubblewrapFeatures(true, true);

    private static final Pattern DISABLE_USERNS = Pattern.compile("(?m)^\\s*--disable-userns\\b");
    private static final Pattern SIZE = Pattern.compile("(?m)^\\s*--size\\b");

    /** The features a {@code bwrap --help} text lists. */
    public static BubblewrapFeatures fromHelp(String help) {
        return new BubblewrapFeatures(DISABLE_USERNS.matcher(help).find(), SIZE.matcher(help).find());
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
        return sb.toString();
    }
}
