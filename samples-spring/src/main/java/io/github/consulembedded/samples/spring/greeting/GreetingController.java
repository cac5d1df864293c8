package io.github.consulembedded.samples.spring.greeting;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The service's one endpoint: {@code GET /greeting} answers the configured greeting as plain text. */
@RestController
public class GreetingController {
    private final Greeting greeting;

    /** Serves the given (refresh-scoped) greeting. */
    public GreetingController(Greeting greeting) {
        this.greeting = greeting;
    }

    /** The current greeting. */
    @GetMapping("/greeting")
    public String greeting() {
        return greeting.message();
    }
}
