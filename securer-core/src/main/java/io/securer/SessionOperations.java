package io.securer;

import com.fasterxml.jackson.databind.JsonNode;
import io.securer.engine.BulkSource;
import io.securer.engine.ChildLink;
import io.securer.engine.ChildMessage;
import io.securer.engine.HostMessage;
import io.securer.engine.OutboundFrame;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The host-side operations of a session besides running code: data frames in and out, files,
 * snapshots. Each is one run of the {@link ExecutionDriver} with its own request, bulk data and
 * receiver, and checks what the child answers. Called under the session lock.
 */
final class SessionOperations {
    /** Most files {@link #listFiles} reports. */
    static final int MAX_LISTED_FILES = 100_000;

    private final ExecutionDriver driver;
    private final SessionConfig config;

    SessionOperations(ExecutionDriver driver, SessionConfig config) {
        this.driver = driver;
        this.config = config;
    }

    private static ExecuteOptions options() {
        return ExecuteOptions.defaults();
    }

    void assign(ChildLink child, boolean restarted, String name, DataFrame frame) {
        OutboundFrame out = FrameEncoder.encode(frame);
        if (out.data().size() > config.maxTransferBytes()) {
            throw new DataTransferException("the data frame is " + out.data().size() + " bytes on the wire, over the "
                    + "limit of " + config.maxTransferBytes() + " bytes (maxTransferBytes)");
        }
        driver.operate(child, (exec, fence) -> new HostMessage.PutFrame(exec, fence, name, out), null, options(),
                restarted);
    }

    DataFrame getDataFrame(ChildLink child, boolean restarted, String expr) {
        FrameReceiver receiver = new FrameReceiver(config.maxTransferBytes());
        ChildMessage.Result r = driver.operate(child,
                (exec, fence) -> new HostMessage.GetFrame(exec, fence, expr, config.maxTransferBytes()), receiver,
                options(), restarted);
        JsonNode v = r.value();
        if (v == null || !v.isObject() || !v.path("rows").canConvertToLong() || !v.path("columns").canConvertToLong()) {
            throw driver.violation(child, "get_frame result is not {rows, columns}");
        }
        try {
            return receiver.frame(v.get("rows").longValue(), v.get("columns").longValue());
        } catch (IllegalArgumentException e) {
            throw driver.violation(child, e.getMessage());
        }
    }

    void writeFile(ChildLink child, boolean restarted, String path, BulkSource source) {
        if (source.size() > config.maxTransferBytes()) {
            throw new SessionFileException("cannot write '" + path + "': " + source.size() + " bytes is over the limit of "
                    + config.maxTransferBytes() + " bytes (maxTransferBytes)");
        }
        driver.operate(child, (exec, fence) -> new HostMessage.WriteFile(exec, fence, path, source), null, options(),
                restarted);
    }

    /** Streams the file to {@code out}; a failure to write {@code out} is an {@link UncheckedIOException}. */
    void readFile(ChildLink child, boolean restarted, String path, OutputStream out) {
        EntryReceiver receiver = EntryReceiver.toStream(config.maxTransferBytes(), out);
        driver.operate(child, (exec, fence) -> new HostMessage.ReadFile(exec, fence, path, config.maxTransferBytes()),
                receiver, options(), restarted);
        if (receiver.targetFailure() != null) {
            throw new UncheckedIOException("cannot store the content of '" + path + "': "
                    + receiver.targetFailure().getMessage(), receiver.targetFailure());
        }
    }

    byte[] readFile(ChildLink child, boolean restarted, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        readFile(child, restarted, path, out);
        return out.toByteArray();
    }

    List<SessionFile> listFiles(ChildLink child, boolean restarted) {
        ChildMessage.Result r = driver.operate(child,
                (exec, fence) -> new HostMessage.ListFiles(exec, fence, MAX_LISTED_FILES), null, options(), restarted);
        JsonNode v = r.value();
        if (v == null || !v.isArray() || v.size() > MAX_LISTED_FILES) {
            throw driver.violation(child, "list_files result is not a list of files");
        }
        List<SessionFile> files = new ArrayList<>(v.size());
        for (JsonNode f : v) {
            JsonNode path = f.get("path");
            JsonNode size = f.get("size");
            if (f.size() != 2 || path == null || !path.isTextual() || path.textValue().length() > 4096 || size == null
                    || !size.canConvertToLong() || size.longValue() < 0) {
                throw driver.violation(child, "list_files result holds an entry that is not {path, size}");
            }
            files.add(new SessionFile(path.textValue(), size.longValue()));
        }
        return List.copyOf(files);
    }

    void deleteFile(ChildLink child, boolean restarted, String path) {
        driver.operate(child, (exec, fence) -> new HostMessage.DeleteFile(exec, fence, path), null, options(), restarted);
    }

    SessionSnapshot snapshot(ChildLink child, boolean restarted, long maxBytes) {
        EntryReceiver receiver = EntryReceiver.inMemory(maxBytes);
        ChildMessage.Result r = driver.operate(child, (exec, fence) -> new HostMessage.TakeSnapshot(exec, fence,
                config.snapshotFiles(), maxBytes), receiver, options(), restarted);
        List<String> skipped = names(child, r.value(), "skipped");
        return new SessionSnapshot(skipped, receiver.entries());
    }

    void restore(ChildLink child, boolean restarted, SessionSnapshot snapshot) {
        if (snapshot.sizeBytes() > config.maxTransferBytes()) {
            throw new SnapshotException("the snapshot holds " + snapshot.sizeBytes() + " bytes, over the limit of "
                    + config.maxTransferBytes() + " bytes (maxTransferBytes)");
        }
        List<HostMessage.EntrySpec> specs = new ArrayList<>();
        for (SessionSnapshot.Entry e : snapshot.entries()) {
            specs.add(new HostMessage.EntrySpec(e.kind() == SessionSnapshot.Kind.FILE ? "file" : "object", e.name(),
                    e.data().length));
        }
        BulkSource data = BulkSource.of(snapshot.sizeBytes(), out -> {
            for (SessionSnapshot.Entry e : snapshot.entries()) {
                out.write(e.data());
            }
        });
        ChildMessage.Result r = driver.operate(child, (exec, fence) -> new HostMessage.Restore(exec, fence, specs, data),
                null, options(), restarted);
        List<String> failed = names(child, r.value(), "failed");
        if (!failed.isEmpty()) {
            throw new SnapshotException("restored " + (specs.size() - failed.size()) + " of " + specs.size()
                    + " entries; these could not be restored: " + String.join(", ", failed));
        }
    }

    private List<String> names(ChildLink child, JsonNode value, String field) {
        JsonNode arr = value == null ? null : value.get(field);
        if (arr == null || !arr.isArray() || value.size() != 1 || arr.size() > 1_000_000) {
            throw driver.violation(child, "result is not {" + field + ": [names]}");
        }
        List<String> out = new ArrayList<>(arr.size());
        for (JsonNode n : arr) {
            if (!n.isTextual() || n.textValue().length() > 10_000) {
                throw driver.violation(child, "result holds a name that is not a string");
            }
            out.add(n.textValue());
        }
        return out;
    }
}
