package io.securer.engine;

import java.util.List;

/** A data frame on its way to the child: the column headers, then the payload on the bulk channel. */
public record OutboundFrame(long rows, List<WireColumn> columns, BulkSource data) {
    public OutboundFrame {
        columns = List.copyOf(columns);
    }
}
