package io.securer.engine.sandbox;

/**
 * How the host recognises, interrupts and finally stops the child that a {@link LaunchPlan}
 * starts. Which strategy applies depends on how the child is launched, so the planner decides it
 * and the plan carries it: the process that runs the plan only delegates.
 *
 * <ul>
 *   <li>{@link ProcessTreeControl}: R is a descendant of the started process (no sandbox,
 *       bubblewrap, Seatbelt). Nothing outlives the process tree.</li>
 *   <li>{@link ContainerControl}: R runs in a container whose processes descend from the
 *       container engine's monitor (conmon, containerd-shim), not from the started CLI client,
 *       and the container outlives a killed client until it is removed.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. The owner of the launched process owns the control too: it
 * calls {@link #starting()} before the command starts and {@link #close()} when the child ends,
 * including after a failed start.
 */
public interface ChildControl extends AutoCloseable {

    /**
     * True when {@code pid} (a host pid, e.g. a socket peer's SO_PEERCRED pid) belongs to the child
     * that {@code launched} started, so that no other local process can pass for it.
     */
    boolean isChild(long pid, ProcessHandle launched);

    /**
     * Sends SIGINT to R ({@code rPid} is the host pid the socket peer had); false when it could not
     * be delivered (the child is gone, or the pid is not the child's any more).
     */
    boolean interrupt(long rPid, ProcessHandle launched);

    /** Called once, just before the plan's command starts; from then on {@link #close()} must run. */
    default void starting() {
    }

    /**
     * Releases whatever the launch created outside the launched process tree (a container). Called
     * after the child was asked to stop or found dead; idempotent.
     *
     * @throws IllegalStateException when that could not be removed (it is then retried at JVM exit)
     */
    @Override
    void close();
}
