package io.securer.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean whose LangChain4j {@code @Tool} methods R code may call: the starter converts it
 * with {@code SecurerTools.fromObjects} and adds the tools to every R session it configures. Put
 * it on the bean's class, or on the {@code @Bean} method that makes it. Beans of type
 * {@link io.securer.SecurerTool} need no marker.
 *
 * <p>The methods run on the bean itself, outside the sandbox, with the arguments R passed. The
 * bean must not be a Spring AOP proxy (the tool methods are read from its own class, and advice
 * such as transactions would be bypassed): the starter refuses one with a message.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RTools {
}
