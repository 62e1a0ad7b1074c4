@main
struct Capstan { static func main() {} }
