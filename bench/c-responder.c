/* The yardstick for `make bench`: a minimal threaded FastCGI responder in C on libfcgi that answers
 * every request with a fixed envelope. Same nginx, same socket setup, no auth, no database. */
#include <fcgiapp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int listen_fd;

static const char body[] =
    "{\"server_time\":\"2026-11-29T00:00:00.000+00:00\",\"request_id\":\"0\",\"data\":{\"id\":\"65a1b2c3d4e5f60718293a4b\","
    "\"name\":\"Bench\",\"description\":null,\"widgets\":[{\"type\":\"metric\",\"title\":\"Users\",\"dataSource\":\"user_events\","
    "\"visualization\":\"number\",\"config\":{}}],\"isPublic\":false,\"ownerId\":\"bench\",\"version\":1,"
    "\"createdAt\":\"2026-11-29T00:00:00.000+00:00\",\"updatedAt\":\"2026-11-29T00:00:00.000+00:00\"},\"error\":null}";

static void *worker(void *arg) {
    (void)arg;
    FCGX_Request *request = malloc(sizeof *request);
    FCGX_InitRequest(request, listen_fd, 0);
    char head[256];
    int head_len = snprintf(head, sizeof head,
                            "Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %zu\r\n\r\n",
                            sizeof body - 1);
    while (FCGX_Accept_r(request) >= 0) {
        FCGX_PutStr(head, head_len, request->out);
        FCGX_PutStr(body, (int)(sizeof body - 1), request->out);
        FCGX_Finish_r(request);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s SOCKET THREADS\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[2]);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, argv[1], sizeof address.sun_path - 1);
    unlink(argv[1]);
    listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (bind(listen_fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(listen_fd, 1024) != 0) {
        perror("bind/listen");
        return 1;
    }
    chmod(argv[1], 0660);
    FCGX_Init();
    pthread_t ids[512];
    for (int i = 0; i < threads && i < 512; i++) pthread_create(&ids[i], NULL, worker, NULL);
    for (int i = 0; i < threads && i < 512; i++) pthread_join(ids[i], NULL);
    return 0;
}
