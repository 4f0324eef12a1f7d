package io.securer;

import java.util.Locale;

/**
 * The R type a tool argument must have. R checks it before calling the host and the host checks
 * the JSON it receives again (the child is not trusted).
 */
public enum ArgType {
    /** A numeric vector (double or integer). */
    NUMERIC,
    /** Whole numbers: an integer vector, or doubles without a fractional part (R's {@code 5}). */
    INTEGER,
    /** A character vector; factors, dates and times are accepted and sent as text. */
    CHARACTER,
    /** A logical vector. */
    LOGICAL,
    /** A list or any vector: the JSON array or object the tool expects (a named vector is an object). */
    LIST,
    /** A data.frame, sent as an array of row objects. */
    DATA_FRAME,
    /** Anything R can send. */
    ANY;

    /** The name R code and the tool description use: numeric, integer, character, logical, list, data.frame, any. */
    String rName() {
        return this == DATA_FRAME ? "data.frame" : name().toLowerCase(Locale.ROOT);
    }
}
