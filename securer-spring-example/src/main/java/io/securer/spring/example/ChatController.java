package io.securer.spring.example;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /chat} with {@code {"chatId": "...", "message": "..."}}: the assistant's answer.
 * Each chat id has its own conversation memory and its own R session.
 */
@RestController
public class ChatController {
    private final Assistant assistant;

    public ChatController(Assistant assistant) {
        this.assistant = assistant;
    }

    /** A user's message in a chat. */
    public record ChatRequest(String chatId, String message) {
    }

    /** The assistant's answer. */
    public record ChatReply(String chatId, String answer) {
    }

    /** Answers one message. */
    @PostMapping("/chat")
    public ChatReply chat(@RequestBody ChatRequest request) {
        if (request.chatId() == null || request.chatId().isBlank() || request.message() == null
                || request.message().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "chatId and message are required");
        }
        return new ChatReply(request.chatId(), assistant.chat(request.chatId(), request.message()));
    }
}
