// Let the kernel pick a free port, then tell the client which one it is.
int fd = ::socket(AF_INET, SOCK_STREAM, 0);
sockaddr_in address{};
address.sin_family = AF_INET;
address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
address.sin_port = 0;  // any free port
::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
socklen_t length = sizeof address;
::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
const int port = ntohs(address.sin_port);  // hand this to the client
