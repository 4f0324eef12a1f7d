package io.securer.examples;

import io.securer.Plot;
import io.securer.langchain4j.PlotListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demos' {@link PlotListener}: numbers the plots of one demo run from 1, writes each to
 * {@code plot-N.png} (or {@code .svg}) in an output directory and notes the path in the
 * transcript; without a directory it only notes the plot. The directory is created on the first
 * plot, and the previous run's plot files in it are deleted then, so it shows one run. Thread-safe.
 */
final class PlotSaver implements PlotListener {
    private final Path dir;
    private final Transcript transcript;
    private final AtomicInteger count = new AtomicInteger();

    /** @param dir where to write the plots, or null to only list them */
    PlotSaver(Path dir, Transcript transcript) {
        this.dir = dir;
        this.transcript = transcript;
    }

    @Override
    public synchronized void onPlot(Object memoryId, Plot plot) {
        int n = count.incrementAndGet();
        String what = plot.width() + "×" + plot.height() + " " + (plot.mimeType().equals("image/png") ? "PNG" : "SVG")
                + ", " + plot.size() + " bytes";
        if (dir == null) {
            transcript.line("[plot " + n + ": " + what + "]");
            return;
        }
        try {
            if (n == 1) {
                prepare();
            }
            Path file = dir.resolve("plot-" + n + (plot.mimeType().equals("image/png") ? ".png" : ".svg"));
            Files.write(file, plot.data());
            transcript.line("[plot " + n + " saved: " + file + " (" + what + ")]");
        } catch (IOException e) {
            // The model is then told the plot was not shown, which is true.
            throw new UncheckedIOException("could not save plot " + n + " in " + dir, e);
        }
    }

    /** How many plots this run produced so far. */
    int count() {
        return count.get();
    }

    private void prepare() throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "plot-*.{png,svg}")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }
}
