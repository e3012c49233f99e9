/*
 * executor.c: PID 1 of the bindercheck VM. It makes the system calls the Java side
 * (bindercheck.properties.kernel.Guest) asks for over a virtio port (else /dev/ttyS1) and returns
 * their raw results. kernel/PROTOCOL.md is the contract; kernel/README.md says how to build and debug it.
 *
 *   gcc -static -O2 -pthread -Wl,-Ttext-segment=0x60000000 -o init executor.c
 *
 * Linked at 0x60000000 so that a worker has nothing below it but what MAP maps.
 * x86-64 only: integers go on the wire as they are in memory (little-endian).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4
#endif

enum {
	SPAWN = 1, OPEN, THREAD, EXIT, MAP, UNMAP, POKE, PEEK, MMAP, MUNMAP, CLOSE, NONBLOCK,
	IOCTL, POLL, SETTLE, READ, RESET, KLOG, POWEROFF, FNV
};

/* How many ints each request carries (PROTOCOL.md "Ops"). */
static const int arity[] = {
	[SPAWN] = 1, [OPEN] = 1, [THREAD] = 2, [EXIT] = 1, [MAP] = 4, [UNMAP] = 3, [POKE] = 2,
	[PEEK] = 3, [MMAP] = 7, [MUNMAP] = 3, [CLOSE] = 2, [NONBLOCK] = 3, [IOCTL] = 5, [POLL] = 2,
	[SETTLE] = 0, [READ] = 0, [RESET] = 0, [KLOG] = 0, [POWEROFF] = 0, [FNV] = 3,
};

#define PROTOCOL 2
#define CHAN 3                  /* the channel to the Java side: the virtio port, else /dev/ttyS1 */
#define KMSG 4                  /* /dev/kmsg, read by KLOG */
#define MAX_FRAME (64u << 20)   /* anything longer means the stream is out of step */
#define MAX_WORKERS 256
#define MAX_THREADS 256         /* per worker */
#define WORKER_TIMEOUT_MS 10000
#define SETTLE_CAP_MS 5000
#define SETTLE_QUIET 1          /* observations of "only the executor runnable" in a row: PROTOCOL.md */
#define SETTLE_POLL_US 200      /* between observations */
#define PORT_NAME "bindercheck" /* the virtserialport's name= on qemu's command line */
#define PORT_WAIT_MS 10000      /* for the port to appear once the virtio modules are loaded */
#define RESET_CAP_MS 10000
#define BINDER_FLAGS (O_RDWR | O_NONBLOCK | O_CLOEXEC)

struct buf {
	char *p;
	size_t n, cap;
};

struct frame {
	uint8_t code, n;
	int64_t v[255];
	uint32_t blen;
	uint8_t *b;             /* the byte string, inside raw */
	uint8_t *raw;
	size_t cap;
};

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dprintf(2, "executor: ");
	vdprintf(2, fmt, ap);
	dprintf(2, "\n");
	va_end(ap);
	if (getpid() != 1)
		_exit(1);       /* a worker: PID 1 sees its socket close and reports it */
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		if (!(b->p = realloc(b->p, b->cap)))
			die("out of memory");
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* ---- frames ---- */

/*
 * The channel is buffered both ways: one read() takes all the requests the Java side has
 * pipelined (a virtio port hands over at most one of its 4 KiB buffers per read), and their
 * replies leave together, flushed whenever the executor is about to wait for input. Sockets to
 * workers are not buffered.
 */
static int transport;           /* 0 /dev/ttyS1, 1 the virtio port: the hello says which */
static char chan_path[300] = "/dev/ttyS1";
static struct buf chan_out;
static uint8_t chan_in[1 << 16];
static size_t in_head, in_tail;

static int write_all(int fd, const void *p, size_t n)
{
	while (n > 0) {
		ssize_t r = fd == CHAN ? write(fd, p, n) : send(fd, p, n, MSG_NOSIGNAL);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0) {
			p = (const char *)p + r;
			n -= r;
		}
	}
	return 0;
}

static void flush_chan(void)
{
	if (write_all(CHAN, chan_out.p, chan_out.n))
		die("writing %s: %s", chan_path, strerror(errno));
	chan_out.n = 0;
}

static int read_all(int fd, void *p, size_t n)
{
	while (n > 0) {
		ssize_t r;
		if (fd == CHAN && in_head == in_tail) {
			flush_chan();
			r = read(fd, chan_in, sizeof(chan_in));
			in_head = 0;
			in_tail = r > 0 ? r : 0;
			if (r > 0)
				continue;
		} else if (fd == CHAN) {
			r = in_tail - in_head < n ? in_tail - in_head : n;
			memcpy(p, chan_in + in_head, r);
			in_head += r;
		} else {
			r = read(fd, p, n);
		}
		if (r == 0 || (r < 0 && errno != EINTR))
			return -1;
		if (r > 0) {
			p = (char *)p + r;
			n -= r;
		}
	}
	return 0;
}

/* One frame (PROTOCOL.md "Frames"); -1 at end of input or on a malformed frame. */
static int recv_frame(int fd, struct frame *f)
{
	uint32_t len;
	if (read_all(fd, &len, 4) || len < 6 || len > MAX_FRAME)
		return -1;
	if (len > f->cap && !(f->raw = realloc(f->raw, f->cap = len)))
		die("out of memory");
	if (read_all(fd, f->raw, len))
		return -1;
	f->code = f->raw[0];
	f->n = f->raw[1];
	if (len < 6u + 8u * f->n)
		return -1;
	memcpy(f->v, f->raw + 2, 8 * f->n);
	memcpy(&f->blen, f->raw + 2 + 8 * f->n, 4);
	f->b = f->raw + 6 + 8 * f->n;
	return len == 6u + 8u * f->n + f->blen ? 0 : -1;
}

static int send_frame(int fd, int code, int n, const int64_t *v, const void *b, uint32_t blen)
{
	static struct buf sock_out;
	struct buf *out = fd == CHAN ? &chan_out : &sock_out;
	uint32_t len = 6 + 8 * n + blen;
	uint8_t head[2] = { code, n };
	if (fd != CHAN)
		out->n = 0;
	put(out, &len, 4);
	put(out, head, 2);
	put(out, v, 8 * n);
	put(out, &blen, 4);
	put(out, b, blen);
	if (fd != CHAN)
		return write_all(fd, out->p, out->n);
	if (out->n >= sizeof(chan_in))
		flush_chan();
	return 0;
}

static int reply(int fd, int n, int64_t a, int64_t b)
{
	int64_t v[2] = { a, b };
	return send_frame(fd, 0, n, v, NULL, 0);
}

static int fail(int fd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return send_frame(fd, 1, 0, NULL, msg, strlen(msg));
}

/* A system call's result as the protocol returns it: >= 0 or -errno. */
static int64_t ret_of(long r)
{
	return r < 0 ? -errno : r;
}

/* ---- a worker: a forked process whose main thread serves PID 1's requests ---- */

enum { IDLE, RUN, DONE };      /* a thread's call: none, posted or inside, returned unreported */

struct thr {
	pid_t tid;
	int state, fd;
	unsigned long cmd, arg;
	int64_t ret;
	pthread_cond_t cv;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct thr threads[MAX_THREADS];
static int nthreads;

static void *thread_main(void *p)
{
	struct thr *t = p;
	pthread_mutex_lock(&mu);
	t->tid = gettid();
	pthread_cond_broadcast(&t->cv);
	for (;;) {
		while (t->state != RUN)
			pthread_cond_wait(&t->cv, &mu);
		pthread_mutex_unlock(&mu);
		int64_t r = ret_of(ioctl(t->fd, t->cmd, t->arg));
		pthread_mutex_lock(&mu);
		/* Recorded before the thread sleeps again, so once settled, DONE is visible. */
		t->ret = r;
		t->state = DONE;
	}
	return NULL;
}

static struct thr *find_thread(pid_t tid)
{
	for (int i = 0; i < nthreads; i++)
		if (threads[i].tid == tid)
			return &threads[i];
	return NULL;
}

static int new_thread(int sock)
{
	struct thr *t = &threads[nthreads];
	pthread_attr_t a;
	pthread_t pt;
	int e;
	if (nthreads == MAX_THREADS)
		return fail(sock, "THREAD: at most %d threads per worker", MAX_THREADS);
	pthread_cond_init(&t->cv, NULL);
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 << 10);        /* it only calls ioctl */
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_mutex_lock(&mu);
	if (!(e = pthread_create(&pt, &a, thread_main, t))) {
		nthreads++;
		while (!t->tid)
			pthread_cond_wait(&t->cv, &mu);
	}
	pthread_mutex_unlock(&mu);
	pthread_attr_destroy(&a);
	return e ? fail(sock, "THREAD: pthread_create: %s", strerror(e)) : reply(sock, 1, t->tid, 0);
}

/* IOCTL on a pthread: hand it the call and answer with no ints; PID 1 settles, then POLLs. */
static int post_ioctl(int sock, const int64_t *v)
{
	struct thr *t = find_thread(v[1]);
	int state;
	if (!t)
		return fail(sock, "IOCTL: worker %d has no thread %lld", getpid(), (long long)v[1]);
	pthread_mutex_lock(&mu);
	if ((state = t->state) == IDLE) {
		t->fd = v[2];
		t->cmd = v[3];
		t->arg = v[4];
		t->state = RUN;
		pthread_cond_signal(&t->cv);
	}
	pthread_mutex_unlock(&mu);
	if (state == RUN)
		return fail(sock, "IOCTL: thread %d is still inside its call", t->tid);
	if (state == DONE)
		return fail(sock, "IOCTL: thread %d has a result not yet POLLed", t->tid);
	return send_frame(sock, 0, 0, NULL, NULL, 0);
}

static int poll_thread(int sock, pid_t tid)
{
	struct thr *t = find_thread(tid);
	int64_t state = 2, ret = 0;
	if (tid == getpid())
		return reply(sock, 2, 2, 0);    /* main's calls are answered when they return */
	if (!t)
		return fail(sock, "POLL: worker %d has no thread %d", getpid(), tid);
	pthread_mutex_lock(&mu);
	if (t->state != IDLE) {
		state = t->state == RUN;        /* 1 inside, 0 returned: reported once */
		ret = state ? 0 : t->ret;
		t->state = state ? RUN : IDLE;
	}
	pthread_mutex_unlock(&mu);
	return reply(sock, 2, state, ret);
}

/* mmap at exactly addr, never over an existing mapping: 0 or -errno. */
static int64_t map_exact(int64_t addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = mmap((void *)addr, len, prot, flags | MAP_FIXED_NOREPLACE, fd, off);
	if (p == MAP_FAILED)
		return -errno;
	if (p != (void *)addr) {        /* a kernel without MAP_FIXED_NOREPLACE took a hint */
		munmap(p, len);
		return -EEXIST;
	}
	return 0;
}

static void worker(int sock)
{
	static struct frame q;
	int64_t *v = q.v, r;
	int fl;
	reply(sock, 1, ret_of(open("/dev/binder", BINDER_FLAGS)), 0);
	while (recv_frame(sock, &q) == 0) {
		switch (q.code) {
		case OPEN:
			reply(sock, 1, ret_of(open("/dev/binder", BINDER_FLAGS)), 0);
			break;
		case THREAD:
			new_thread(sock);
			break;
		case MAP:       /* written while writable, then given its protection */
			r = q.blen > (uint64_t)v[2] ? -EINVAL : map_exact(v[1], v[2], PROT_READ | PROT_WRITE,
									 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (r == 0) {
				memcpy((void *)v[1], q.b, q.blen);
				if (mprotect((void *)v[1], v[2], v[3]) < 0) {
					r = -errno;
					munmap((void *)v[1], v[2]);
				}
			}
			reply(sock, 1, r, 0);
			break;
		case UNMAP:
		case MUNMAP:
			reply(sock, 1, ret_of(munmap((void *)v[1], v[2])), 0);
			break;
		case MMAP:
			reply(sock, 1, map_exact(v[2], v[3], v[4], v[5], v[1], v[6]), 0);
			break;
		case CLOSE:
			reply(sock, 1, ret_of(close(v[1])), 0);
			break;
		case NONBLOCK:
			if ((fl = fcntl(v[1], F_GETFL)) >= 0)
				fl = fcntl(v[1], F_SETFL, v[2] ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
			reply(sock, 1, ret_of(fl), 0);
			break;
		case IOCTL:
			if (v[1] == getpid())
				reply(sock, 2, 0, ret_of(ioctl(v[2], (unsigned long)v[3], (unsigned long)v[4])));
			else
				post_ioctl(sock, v);
			break;
		case POLL:
			poll_thread(sock, v[1]);
			break;
		default:
			fail(sock, "op %d is not a worker's", q.code);
		}
	}
	_exit(0);               /* PID 1 closed our socket */
}

/* ---- PID 1 ---- */

static struct {
	pid_t pid;
	int sock;               /* PID 1's end of the worker's socket pair */
} workers[MAX_WORKERS];
static int nworkers;

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The whole file into b (NUL-terminated, not counted): its size, or -errno. */
static int64_t read_file(const char *path, struct buf *b)
{
	char chunk[16384];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	b->n = 0;
	if (fd < 0)
		return -errno;
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		put(b, chunk, r);
	e = errno;
	close(fd);
	put(b, "", 1);
	b->n--;
	return r < 0 ? -e : (int64_t)b->n;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r;
	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return r;
}

/*
 * nr_running(), the runnable tasks (the executor reading it is one): the R of the 4th field, R/T,
 * of /proc/loadavg, the number /proc/stat calls procs_running. /proc/loadavg is one short line;
 * /proc/stat formats every CPU's times and every interrupt's count. Opened and closed each time:
 * PID 1 keeps no descriptor that workers would inherit (PROTOCOL.md "Descriptors").
 */
static int nr_running(void)
{
	char b[128], *s = b;
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, b, sizeof(b) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		die("/proc/loadavg: %s", n < 0 ? strerror(errno) : "empty");
	b[n] = 0;
	for (int field = 0; field < 3 && s; field++)
		if ((s = strchr(s, ' ')))
			s++;
	if (!s || *s < '0' || *s > '9')
		die("no R/T field in /proc/loadavg: %s", b);
	return atoi(s);
}

/* PROTOCOL.md "Settling": nothing but the executor runnable, SETTLE_QUIET times in a row. */
/* Whether a worker's task sleeps uninterruptibly (state D): inside a call that goes on by itself, not
 * waiting for work; e.g. a read installing many received fds grows the fd table of a multi-threaded
 * worker and waits in synchronize_rcu, while nothing is runnable. */
static int worker_in_d(void)
{
	char path[64], st[512], *p;
	struct dirent *e;
	for (int i = 0; i < nworkers; i++) {
		DIR *d;
		snprintf(path, sizeof(path), "/proc/%d/task", (int)workers[i].pid);
		if (!(d = opendir(path)))
			continue;
		while ((e = readdir(d))) {
			int fd;
			ssize_t n;
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/proc/%d/task/%.16s/stat", (int)workers[i].pid, e->d_name);
			if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
				continue;
			n = read(fd, st, sizeof(st) - 1);
			close(fd);
			st[n > 0 ? n : 0] = 0;
			if ((p = strrchr(st, ')')) && p[1] == ' ' && p[2] == 'D') {
				closedir(d);
				return 1;
			}
		}
		closedir(d);
	}
	return 0;
}

static int settle(void)
{
	long end = now_ms() + SETTLE_CAP_MS;
	for (int quiet = 0;;) {
		quiet = nr_running() == 1 && !worker_in_d() ? quiet + 1 : 0;
		if (quiet == SETTLE_QUIET)
			return 0;
		if (now_ms() > end)
			return -1;
		usleep(SETTLE_POLL_US);
	}
}

/* SIGKILL (exit_group, wherever its threads are), reap, forget; returns the wait status. */
static int drop_worker(int i)
{
	int status = 0;
	kill(workers[i].pid, SIGKILL);
	close(workers[i].sock);
	while (waitpid(workers[i].pid, &status, 0) < 0 && errno == EINTR)
		;
	workers[i] = workers[--nworkers];
	return status;
}

/* Sends q (if any) to worker i and waits for its reply; a silent or dead worker is dropped. */
static int ask_worker(int i, struct frame *q, struct frame *r)
{
	struct pollfd p = { workers[i].sock, POLLIN, 0 };
	pid_t pid = workers[i].pid;
	int op = q ? q->code : SPAWN;
	if (q)
		send_frame(p.fd, q->code, q->n, q->v, q->b, q->blen);
	if (poll(&p, 1, WORKER_TIMEOUT_MS) == 1 && recv_frame(p.fd, r) == 0)
		return 0;
	int status = drop_worker(i);
	if (p.revents == 0)
		fail(CHAN, "op %d: worker %d did not answer in %d ms (blocked in main?); killed",
		     op, pid, WORKER_TIMEOUT_MS);
	else
		fail(CHAN, "op %d: worker %d died (wait status 0x%x)", op, pid, status);
	return -1;      /* answered */
}

/* The next task gets pid `want` if it is free (PROTOCOL.md "Pids"); 0 wants nothing. */
static int want_pid(int64_t want)
{
	char s[32];
	if (want <= 0)
		return 0;
	snprintf(s, sizeof(s), "%lld", (long long)want - 1);
	return write_file("/proc/sys/kernel/ns_last_pid", s);
}

static int spawn(int64_t want)
{
	static struct frame r;
	int sv[2];
	pid_t pid;
	if (nworkers == MAX_WORKERS)
		return fail(CHAN, "SPAWN: at most %d workers", MAX_WORKERS);
	if (want_pid(want))
		return fail(CHAN, "SPAWN: ns_last_pid: %s", strerror(errno));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return fail(CHAN, "SPAWN: socketpair: %s", strerror(errno));
	if ((pid = fork()) < 0) {
		close(sv[0]);
		close(sv[1]);
		return fail(CHAN, "SPAWN: fork: %s", strerror(errno));
	}
	if (pid == 0) {
		/* PROTOCOL.md "Descriptors": keep 0-4 and our end of the pair, nothing else. */
		for (int i = 0; i < nworkers; i++)
			close(workers[i].sock);
		close(sv[0]);
		worker(sv[1]);
	}
	close(sv[1]);
	workers[nworkers].pid = pid;
	workers[nworkers].sock = sv[0];
	return ask_worker(nworkers++, NULL, &r) ? 0 : reply(CHAN, 2, pid, r.v[0]);
}

/* Through process_vm_*: an unmapped or unreadable address is -EFAULT, never a fault in the
 * worker (a binder page the driver has not allocated would be SIGBUS there). */
static int peek_poke(struct frame *q)
{
	static char *b;
	static size_t cap;
	size_t len = q->code == PEEK ? (size_t)q->v[2] : q->blen;
	struct iovec remote = { (void *)q->v[1], len }, local = { q->b, len };
	ssize_t r;
	if (q->code == PEEK) {
		if (len > MAX_FRAME)
			return fail(CHAN, "PEEK: length %lld", (long long)q->v[2]);
		if (len > cap && !(b = realloc(b, cap = len)))
			die("out of memory");
		local.iov_base = b;
		r = process_vm_readv(q->v[0], &local, 1, &remote, 1, 0);
	} else {
		r = process_vm_writev(q->v[0], &local, 1, &remote, 1, 0);
	}
	int64_t ret = r < 0 ? -errno : (size_t)r < len ? -EFAULT : 0;
	return send_frame(CHAN, 0, 1, &ret, b, q->code == PEEK && ret == 0 ? len : 0);
}

/* FNV-1a, 64 bits, of len bytes at addr in worker pid, read through process_vm_readv in pieces. */
static int fnv(struct frame *q)
{
	static uint8_t b[1 << 16];
	uint64_t h = 0xcbf29ce484222325ull;
	int64_t v[2] = { 0, 0 };
	uint64_t addr = q->v[1];
	if (q->v[2] < 0)
		return fail(CHAN, "FNV: length %lld", (long long)q->v[2]);
	for (uint64_t left = q->v[2]; left > 0;) {
		size_t n = left < sizeof(b) ? left : sizeof(b);
		struct iovec remote = { (void *)addr, n }, local = { b, n };
		ssize_t r = process_vm_readv(q->v[0], &local, 1, &remote, 1, 0);
		if (r < 0 || (size_t)r < n) {
			v[0] = r < 0 ? -errno : -EFAULT;
			return send_frame(CHAN, 0, 2, v, NULL, 0);
		}
		for (size_t i = 0; i < n; i++)
			h = (h ^ b[i]) * 0x100000001b3ull;
		addr += n;
		left -= n;
	}
	v[1] = (int64_t)h;
	return send_frame(CHAN, 0, 2, v, NULL, 0);
}

/* Binder procs the driver still has: debugfs sections plus the global "proc: active" count. */
static int binder_procs(void)
{
	static struct buf st, stats;
	int n = 0;
	char *s;
	if (read_file("/sys/kernel/debug/binder/state", &st) < 0 ||
	    read_file("/sys/kernel/debug/binder/stats", &stats) < 0)
		return -1;
	for (s = st.p; (s = strstr(s, "\nproc ")); s++)
		n++;
	if ((s = strstr(stats.p, "\nproc: active ")))
		n += atoi(s + strlen("\nproc: active "));
	return n;
}

static int reset(void)
{
	long end = now_ms() + RESET_CAP_MS;
	while (nworkers > 0)
		drop_worker(0);
	while (binder_procs() != 0) {
		if (now_ms() > end)
			return fail(CHAN, "RESET: binder procs still there after %d ms", RESET_CAP_MS);
		usleep(1000);
	}
	if (write_file("/proc/sys/kernel/ns_last_pid", "999"))
		return fail(CHAN, "RESET: ns_last_pid: %s", strerror(errno));
	return settle() ? fail(CHAN, "RESET: did not settle in %d ms", SETTLE_CAP_MS) : reply(CHAN, 0, 0, 0);
}

/* The text of each /dev/kmsg record since the last KLOG, one per line. */
static int klog(void)
{
	static struct buf out;
	char rec[8192], *text;
	ssize_t n;
	out.n = 0;
	while ((n = read(KMSG, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n < 0)
			continue;       /* records were overwritten before we read them */
		rec[n] = 0;
		if (!(text = strchr(rec, ';')))
			continue;
		text++;
		put(&out, text, strcspn(text, "\n"));
		put(&out, "\n", 1);
	}
	return send_frame(CHAN, 0, 0, NULL, out.p, out.n);
}

static int serve(struct frame *q)
{
	static struct frame r;
	static struct buf b;
	char path[4096];
	int64_t ret;
	int w = -1;
	int onworker = (q->code >= OPEN && q->code <= POLL) || q->code == FNV;
	if (q->code < SPAWN || q->code > FNV)
		return fail(CHAN, "unknown op %d", q->code);
	if (q->n != arity[q->code])
		return fail(CHAN, "op %d takes %d ints, not %d", q->code, arity[q->code], q->n);
	for (int i = 0; i < nworkers && onworker; i++)
		if (workers[i].pid == q->v[0])
			w = i;
	if (onworker && w < 0)
		return fail(CHAN, "op %d: no worker with pid %lld", q->code, (long long)q->v[0]);
	switch (q->code) {
	case SPAWN:
		return spawn(q->v[0]);
	case EXIT:
		drop_worker(w);
		break;          /* and settle */
	case POKE:
	case PEEK:
		return peek_poke(q);
	case FNV:
		return fnv(q);
	case IOCTL:
		if (ask_worker(w, q, &r))
			return 0;
		if (r.code == 0 && r.n == 0) {  /* posted to a pthread */
			if (settle())
				return fail(CHAN, "IOCTL: did not settle in %d ms", SETTLE_CAP_MS);
			q->code = POLL;         /* ints [pid, tid], as the IOCTL has them */
			q->n = 2;
			if (ask_worker(w, q, &r))
				return 0;
		}
		return send_frame(CHAN, r.code, r.n, r.v, r.b, r.blen);
	case SETTLE:
		break;
	case READ:
		snprintf(path, sizeof(path), "%.*s", (int)q->blen, (char *)q->b);
		ret = read_file(path, &b);
		return send_frame(CHAN, 0, 1, &ret, b.p, ret > 0 ? b.n : 0);
	case RESET:
		return reset();
	case KLOG:
		return klog();
	case POWEROFF:
		reply(CHAN, 0, 0, 0);
		flush_chan();
		if (!transport)
			tcdrain(CHAN);
		reboot(RB_POWER_OFF);
		die("reboot: %s", strerror(errno));
	default:        /* OPEN THREAD MAP UNMAP MMAP MUNMAP CLOSE NONBLOCK POLL */
		if (q->code == THREAD && want_pid(q->v[1]))
			return fail(CHAN, "THREAD: ns_last_pid: %s", strerror(errno));
		if (ask_worker(w, q, &r))
			return 0;
		/* MUNMAP and CLOSE may have queued the driver's deferred work: settle first. */
		if (r.code == 0 && (q->code == MUNMAP || q->code == CLOSE) && settle())
			return fail(CHAN, "op %d: did not settle in %d ms", q->code, SETTLE_CAP_MS);
		return send_frame(CHAN, r.code, r.n, r.v, r.b, r.blen);
	}
	return settle() ? fail(CHAN, "op %d: did not settle in %d ms", q->code, SETTLE_CAP_MS)
			: reply(CHAN, 0, 0, 0);
}

static void mount_fs(const char *type, const char *dir)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, NULL) < 0 && errno != EBUSY)
		die("mount %s on %s: %s", type, dir, strerror(errno));
}

static void load_binder(void)
{
	static const char *names[] = { "/binder_linux.ko", "/binder_linux.ko.xz", "/binder_linux.ko.zst" };
	for (int i = 0; i < 3; i++) {
		int fd = open(names[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* The kernel decompresses only from 6.4 on; before, Initramfs must ship it plain. */
		if (syscall(SYS_finit_module, fd, "", i ? MODULE_INIT_COMPRESSED_FILE : 0) < 0 &&
		    errno != EEXIST)
			die("finit_module %s: %s", names[i], strerror(errno));
		close(fd);
		if (access("/dev/binder", F_OK) < 0)
			die("no /dev/binder after loading %s", names[i]);
		return;
	}
	die("no /binder_linux.ko in the initramfs");
}

/*
 * The virtio console's modules, in the order /virtio/load-order names them (one file name of
 * /virtio per line; Initramfs writes it when the kernel image has them). Returns whether they
 * are all loaded; no list (a kernel without them) is 0, a module that fails to load is said on
 * the console and 0: the channel is then /dev/ttyS1.
 */
static int load_virtio(void)
{
	static struct buf list;
	char path[300];
	if (read_file("/virtio/load-order", &list) < 0)
		return 0;
	for (char *s = list.p, *e; *s; s = *e ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		if (e == s)
			continue;
		snprintf(path, sizeof(path), "/virtio/%.*s", (int)(e - s), s);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST)) {
			dprintf(2, "executor: loading %s: %s; the channel is /dev/ttyS1\n", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return 0;
		}
		close(fd);
	}
	return 1;
}

/*
 * The virtio port qemu names PORT_NAME: its /dev node into chan_path once the driver has added
 * the port (asynchronously, as the host's control messages arrive) and its name is known.
 */
static int find_port(void)
{
	static struct buf name;
	char path[300];
	struct dirent *e;
	int found = 0;
	DIR *d = opendir("/sys/class/virtio-ports");
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/virtio-ports/%s/name", e->d_name);
		if (read_file(path, &name) <= 0 || strcspn(name.p, "\n") != strlen(PORT_NAME) ||
		    strncmp(name.p, PORT_NAME, strlen(PORT_NAME)))
			continue;
		snprintf(path, sizeof(path), "/dev/%s", e->d_name);
		if (access(path, F_OK) == 0) {
			snprintf(chan_path, sizeof(chan_path), "%s", path);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

/* The channel on CHAN: the virtio port if it appears, else /dev/ttyS1 in raw mode. */
static void open_channel(int virtio)
{
	struct termios tio;
	long end = now_ms() + PORT_WAIT_MS;
	while (virtio && !find_port()) {
		if (now_ms() > end) {
			dprintf(2, "executor: no virtio port named %s after %d ms; the channel is /dev/ttyS1\n",
				PORT_NAME, PORT_WAIT_MS);
			virtio = 0;
			break;
		}
		usleep(1000);
	}
	if (virtio) {
		/* A port is not a tty: bytes pass as they are, and the host cannot send more than
		 * the driver has buffers for (PROTOCOL.md "Flow control"). */
		if (open(chan_path, O_RDWR | O_NOCTTY) != CHAN)
			die("%s on fd %d: %s", chan_path, CHAN, strerror(errno));
		transport = 1;
		return;
	}
	if (open("/dev/ttyS1", O_RDWR | O_NOCTTY) != CHAN || tcgetattr(CHAN, &tio) < 0)
		die("/dev/ttyS1 on fd %d: %s", CHAN, strerror(errno));
	cfmakeraw(&tio);        /* bytes, not lines: no echo, no CR/LF or XON/XOFF handling */
	cfsetspeed(&tio, B115200);      /* qemu's receive timeout is 4 characters at this rate */
	if (tcsetattr(CHAN, TCSANOW, &tio) < 0)
		die("tcsetattr ttyS1: %s", strerror(errno));
}

static void boot(void)
{
	int c, virtio;
	mount_fs("devtmpfs", "/dev");
	mount_fs("proc", "/proc");
	mount_fs("sysfs", "/sys");
	mount_fs("debugfs", "/sys/kernel/debug");
	/* 0-2: the console, whether or not the kernel could open one for us. */
	if ((c = open("/dev/console", O_RDWR | O_NOCTTY)) >= 0) {
		for (int i = 0; i < 3; i++)
			if (c != i)
				dup2(c, i);
		if (c > 2)
			close(c);
	}
	virtio = load_virtio();         /* its port appears while binder loads */
	load_binder();
	if (write_file("/proc/sys/kernel/pid_max", "4194304"))
		die("pid_max: %s", strerror(errno));
	open_channel(virtio);
	if (open("/dev/kmsg", O_RDONLY | O_NONBLOCK) != KMSG)
		die("/dev/kmsg on fd %d: %s", KMSG, strerror(errno));
	lseek(KMSG, 0, SEEK_END);
	write_file("/proc/sys/kernel/ns_last_pid", "999");     /* pids as after RESET */
}

int main(void)
{
	static struct frame req;
	struct utsname u;
	char hello[sizeof(u.release) + sizeof(u.version) + 2];
	int64_t hi[2] = { PROTOCOL, 0 };
	if (getpid() != 1) {
		fprintf(stderr, "executor: runs as PID 1 of the bindercheck VM (see kernel/README.md)\n");
		return 2;
	}
	boot();
	uname(&u);
	snprintf(hello, sizeof(hello), "%s %s", u.release, u.version);
	hi[1] = transport;
	send_frame(CHAN, 0, 2, hi, hello, strlen(hello));
	for (;;) {
		if (recv_frame(CHAN, &req))
			die("malformed frame or end of input on %s", chan_path);
		serve(&req);
	}
}
