package io.securer.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat service whose model can run R: {@code POST /chat} goes to a LangChain4j
 * {@code AiServices} assistant whose only tool is the starter's {@code run_r_code}, with one
 * sandboxed R session per chat. Offline by default: a scripted model on a loopback port stands in
 * for OpenAI (see {@code docs/spring-boot.md}).
 */
@SpringBootApplication
public class ChatApplication {
    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
