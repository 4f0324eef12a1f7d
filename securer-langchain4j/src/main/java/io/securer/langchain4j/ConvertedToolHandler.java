package io.securer.langchain4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import io.securer.ToolArgs;
import io.securer.ToolHandler;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handler of a converted LangChain4j tool: converts what R sent to the JSON the tool's schema
 * describes ({@link JsonArguments}), refuses it with a message naming the argument when it still
 * does not fit ({@link SchemaValidator}), runs the original executor on the host, and turns its
 * result into the R value ({@link ToolResults}). Immutable; thread-safe if the executor is.
 */
final class ConvertedToolHandler implements ToolHandler {
    private static final AtomicLong CALL_IDS = new AtomicLong();

    private final ToolSpecification specification;
    private final ToolExecutor executor;

    ConvertedToolHandler(ToolSpecification specification, ToolExecutor executor) {
        this.specification = Objects.requireNonNull(specification, "specification");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The LangChain4j specification this handler runs (for descriptions and the tool catalog). */
    ToolSpecification specification() {
        return specification;
    }

    @Override
    public Object call(ToolArgs args) {
        ObjectNode arguments = JsonArguments.conformArguments(args.json(), specification.parameters());
        String problem = SchemaValidator.checkArguments(arguments, specification.parameters());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id("securer-" + CALL_IDS.incrementAndGet())
                .name(specification.name())
                .arguments(JsonArguments.toJson(arguments))
                .build();
        Object memoryId = args.context() == null ? SecurerTools.MEMORY_ID : args.context();
        if (executor instanceof DefaultToolExecutor method) {
            InvocationContext context = InvocationContext.builder().chatMemoryId(memoryId).build();
            return ToolResults.fromMethod(method.executeWithContext(request, context),
                    method.originalMethod().getReturnType());
        }
        return ToolResults.fromText(executor.execute(request, memoryId));
    }
}
