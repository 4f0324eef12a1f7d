package io.securer;

import io.securer.engine.ChildMessage;

/**
 * What an operation receives from the child besides its result: data-frame columns, a file, or
 * snapshot entries, each announced by a header and sent in chunks. Implementations validate
 * everything (the child is untrusted) and bound what they keep.
 */
interface Inbound {
    /**
     * Takes one data message of the running operation.
     *
     * @return false when this operation does not expect a message of this type
     * @throws IllegalArgumentException the data break the protocol; the message says how
     */
    boolean accept(ChildMessage message);

    /**
     * Called once the operation's result arrived: everything announced must have arrived too.
     *
     * @throws IllegalArgumentException something announced is incomplete
     */
    void complete();
}
