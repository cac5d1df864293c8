package io.github.consulembedded.samples.demo;

import java.awt.Dimension;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;

/**
 * The demo's window: a {@link DemoPanel} fed by a {@link ClusterModel}. Closing it stops the
 * model, then closes the control (which stops a cluster the demo started), then runs
 * {@code onClosed}.
 */
public final class DemoFrame extends JFrame {
    private final ClusterModel model;
    private final DemoPanel panel;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-actions");
        t.setDaemon(true);
        return t;
    });
    private final Timer logTimer;

    public DemoFrame(ClusterModel model, Runnable onClosed) {
        super("consul-embedded desktop demo");
        this.model = model;
        this.panel = new DemoPanel(model, new DemoActions(model), background);
        setContentPane(panel);
        setSize(new Dimension(1320, 900));
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        model.addListener(s -> SwingUtilities.invokeLater(() -> panel.show(s)));
        panel.show(model.snapshot());
        logTimer = new Timer(500, e -> panel.refreshLog());
        logTimer.start();
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                setTitle("consul-embedded desktop demo: stopping the cluster ...");
                logTimer.stop();
                Thread closer = new Thread(() -> {
                    try {
                        closeEverything();
                    } finally {
                        SwingUtilities.invokeLater(() -> {
                            dispose();
                            onClosed.run();
                        });
                    }
                }, "demo-close");
                closer.start();
            }
        });
    }

    /** Stops the model and closes the control (and with it a cluster the demo started). Idempotent. */
    public void closeEverything() {
        background.shutdownNow();
        model.close();
        model.control().close();
    }

    public DemoPanel panel() {
        return panel;
    }

    /** Paints the window's content into a PNG; call on the event thread. */
    public void writePng(Path file) throws IOException {
        BufferedImage image = new BufferedImage(getRootPane().getWidth(), getRootPane().getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            getRootPane().paint(g);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
