package io.securer;

/** The image format executions return their graphics in. */
public enum PlotFormat {
    /** PNG through cairo (the default): for showing to people and to models that accept images. */
    PNG("image/png"),
    /** SVG through cairo: scalable, larger for dense plots. */
    SVG("image/svg+xml");

    private final String mimeType;

    PlotFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    /** {@code image/png} or {@code image/svg+xml}. */
    public String mimeType() {
        return mimeType;
    }
}
