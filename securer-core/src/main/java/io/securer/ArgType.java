package io.securer;

/** The R type a tool argument must have; checked in the child and again on the host. */
public enum ArgType {
    /** {@code is.numeric()}: double or integer vectors. */
    NUMERIC("is.numeric"),
    /** Integer vectors, or doubles with whole values ({@code 5} as well as {@code 5L}). */
    INTEGER("is.integer"),
    /** {@code is.character()}. */
    CHARACTER("is.character"),
    /** {@code is.logical()}. */
    LOGICAL("is.logical"),
    /** {@code is.list()}: lists, including data frames. */
    LIST("is.list"),
    /** {@code is.data.frame()}. */
    DATA_FRAME("is.data.frame"),
    /** Anything; not checked. */
    ANY(null);

    private final String rCheck;

    ArgType(String rCheck) {
        this.rCheck = rCheck;
    }

    /** Name of the base R predicate that checks this type, or null for {@link #ANY}. */
    public String rCheck() {
        return rCheck;
    }
}
