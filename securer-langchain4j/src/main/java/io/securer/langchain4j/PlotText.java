package io.securer.langchain4j;

import io.securer.Plot;
import java.util.List;
import java.util.Objects;

/**
 * The lines that tell the model about the plots of one call, one line each, e.g.
 * {@code plot 1: 800×600 PNG, shown to the user}: its number, size and format, whether the user
 * saw it and, when images go to the model, whether it is attached. The model cannot see a plot
 * that is not attached, so the text never pretends it can. Stateless.
 */
final class PlotText {
    /** At most this many images are attached to one tool result (each costs the model's context). */
    static final int MAX_IMAGES_TO_MODEL = 5;

    /** Whether the user got the plot. */
    enum Shown {
        /** The plot listener took it. */
        TO_USER,
        /** No plot listener is set. */
        NO_LISTENER,
        /** The plot listener threw. */
        LISTENER_FAILED
    }

    /** Whether the image goes to the model with the text. */
    enum Attached {
        /** Images are not sent to the model (the default), or the caller can only take text. */
        NOT_ASKED,
        ATTACHED,
        /** Only PNG goes to models (SVG is not an image type their APIs take). */
        NOT_PNG,
        /** Past {@link #MAX_IMAGES_TO_MODEL} in this call. */
        OVER_LIMIT
    }

    /** One plot and what happened to it. */
    record Delivery(Plot plot, Shown shown, Attached attached) {
        Delivery {
            Objects.requireNonNull(plot, "plot");
            Objects.requireNonNull(shown, "shown");
            Objects.requireNonNull(attached, "attached");
        }
    }

    private PlotText() {
    }

    /** One line per plot, numbered from 1 in drawing order; empty when there are none. */
    static List<String> lines(List<Delivery> deliveries) {
        return java.util.stream.IntStream.range(0, deliveries.size())
                .mapToObj(i -> line(i + 1, deliveries.get(i))).toList();
    }

    static String line(int number, Delivery d) {
        Plot p = d.plot();
        StringBuilder sb = new StringBuilder("plot ").append(number).append(": ").append(p.width()).append('×')
                .append(p.height()).append(' ').append(format(p.mimeType()));
        sb.append(switch (d.shown()) {
            case TO_USER -> ", shown to the user";
            case NO_LISTENER -> " (not shown: the application did not ask for plots)";
            case LISTENER_FAILED -> " (not shown: the application could not display it)";
        });
        sb.append(switch (d.attached()) {
            case NOT_ASKED -> "";
            case ATTACHED -> "; the image is attached";
            case NOT_PNG -> "; not attached: only PNG images can be sent to you";
            case OVER_LIMIT -> "; not attached: at most " + MAX_IMAGES_TO_MODEL + " images are sent per call";
        });
        return sb.toString();
    }

    /** {@code PNG}, {@code SVG}, or the MIME type itself for anything else. */
    static String format(String mimeType) {
        return switch (mimeType) {
            case "image/png" -> "PNG";
            case "image/svg+xml" -> "SVG";
            default -> mimeType;
        };
    }
}
