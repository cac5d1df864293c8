package io.github.consulembedded.childjvm;

import io.github.consulembedded.internal.process.PortAllocator;
import io.github.consulembedded.internal.process.WorkArea;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test helper run in its own JVM: reserves ports through the work area's allocator, five at a
 * time as an agent does, and holds them. Arguments: {@code <reservations>}. Prints
 * {@code WAITING}, waits for a {@code go} line, prints {@code PORTS <p> <p> ...}, then holds the
 * reservations until a {@code stop} line or EOF.
 */
public final class PortsChild {
    private PortsChild() {
    }

    public static void main(String[] args) throws Exception {
        int reservations = Integer.parseInt(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PortAllocator allocator = WorkArea.get().ports();
        System.out.println("WAITING");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null && !"go".equals(line.trim())) {
            // Wait for the parent to release both JVMs at once.
        }
        List<PortAllocator.Reservation> held = new ArrayList<>();
        for (int i = 0; i < reservations; i++) {
            held.add(allocator.allocate(5, "127.0.0.1"));
        }
        System.out.println("PORTS " + held.stream().flatMap(r -> r.ports().stream()).map(String::valueOf)
                .collect(Collectors.joining(" ")));
        System.out.flush();
        while ((line = in.readLine()) != null && !"stop".equals(line.trim())) {
            // Hold the reservations.
        }
        held.forEach(PortAllocator.Reservation::close);
    }
}
