package io.securer.spring;

import io.securer.SecurerTool;
import io.securer.langchain4j.SecurerTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;

/** The host tools R may call, from the application's beans. Stateless. */
final class HostTools {
    private HostTools() {
    }

    /**
     * The {@link SecurerTool} beans in their order, then the {@code @Tool} methods of beans
     * marked {@link RTools @RTools} or named in {@code securer.tool-beans}, converted together so
     * that two tools of one name are reported.
     *
     * @throws IllegalStateException when a marked bean is a proxy or its tools cannot become R functions
     */
    static List<SecurerTool> collect(ListableBeanFactory beans, List<String> toolBeanNames) {
        List<SecurerTool> tools = new ArrayList<>(beans.getBeanProvider(SecurerTool.class).orderedStream().toList());
        Map<String, Object> marked = new LinkedHashMap<>(beans.getBeansWithAnnotation(RTools.class));
        for (String name : toolBeanNames) {
            marked.computeIfAbsent(name, beans::getBean);
        }
        if (marked.isEmpty()) {
            return tools;
        }
        marked.forEach((name, bean) -> {
            if (AopUtils.isAopProxy(bean)) {
                throw new IllegalStateException("bean '" + name + "' is marked for R but is a Spring AOP proxy: its "
                        + "@Tool methods would run without the proxy's advice. Mark a bean that is not proxied.");
            }
        });
        try {
            tools.addAll(SecurerTools.fromObjects(marked.values().toArray()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the @Tool methods of beans " + marked.keySet()
                    + " cannot become R functions: " + e.getMessage(), e);
        }
        return tools;
    }
}
