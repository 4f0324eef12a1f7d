package io.securer;

import io.securer.engine.ChildMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns an image the child sent into a {@link Plot}, checking it first: the child is untrusted,
 * so a PNG must start with the PNG signature and its size is read from its own header (IHDR),
 * an SVG must look like one, and both must fit the per-execution budget. Stateless.
 */
final class PlotCheck {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PlotCheck() {
    }

    /** The plot, or a protocol violation message via {@link IllegalArgumentException}. */
    static Plot toPlot(ChildMessage.Plot m) {
        byte[] data = m.data();
        if (m.mimeType().equals("image/png")) {
            if (data.length < 24 || !Arrays.equals(Arrays.copyOf(data, 8), PNG_SIGNATURE)
                    || !new String(data, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
                throw new IllegalArgumentException("a plot the child sent is not a PNG file");
            }
            ByteBuffer b = ByteBuffer.wrap(data, 16, 8);
            int width = b.getInt();
            int height = b.getInt();
            if (width <= 0 || height <= 0 || width > 100_000 || height > 100_000) {
                throw new IllegalArgumentException("a plot the child sent has an impossible size " + width + "x" + height);
            }
            return new Plot(m.mimeType(), data, width, height);
        }
        String head = new String(data, 0, Math.min(data.length, 256), StandardCharsets.UTF_8).stripLeading();
        if (!head.startsWith("<?xml") && !head.startsWith("<svg")) {
            throw new IllegalArgumentException("a plot the child sent is not an SVG file");
        }
        return new Plot(m.mimeType(), data, m.width(), m.height());
    }
}
