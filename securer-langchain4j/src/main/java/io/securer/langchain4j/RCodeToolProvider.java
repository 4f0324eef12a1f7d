package io.securer.langchain4j;

import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ToolProvider} offering {@code run_r_code} with the description that lists the host
 * functions, optionally together with the tools of other providers (AiServices accepts only one
 * provider). Thread-safe if the other providers are. Does not own the {@link RCodeTool}.
 */
public final class RCodeToolProvider implements ToolProvider {
    private final RCodeTool tool;
    private final List<ToolProvider> others;

    /**
     * @param tool   the run_r_code tool
     * @param others providers whose tools are offered alongside; their tool names must differ from run_r_code
     */
    public RCodeToolProvider(RCodeTool tool, ToolProvider... others) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.others = List.of(Objects.requireNonNull(others, "others"));
    }

    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        ToolProviderResult.Builder b = ToolProviderResult.builder().add(tool.toolSpecification(), tool.executor());
        Set<String> immediate = new HashSet<>();
        for (ToolProvider other : others) {
            ToolProviderResult r = other.provideTools(request);
            if (r == null) {
                continue;
            }
            if (r.toolSpecificationByName(RCodeTool.NAME) != null) {
                throw new IllegalStateException("another tool provider also offers a tool named " + RCodeTool.NAME);
            }
            b.addAll(r.aiServiceTools());
            immediate.addAll(r.immediateReturnToolNames());
        }
        if (!immediate.isEmpty()) {
            b.immediateReturnToolNames(immediate);
        }
        return b.build();
    }

    /** Dynamic when any composed provider is: run_r_code itself never changes. */
    @Override
    public boolean isDynamic() {
        return others.stream().anyMatch(ToolProvider::isDynamic);
    }
}
