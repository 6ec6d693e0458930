// Runs a fuzz target's entry point over files and folders given as
// arguments (the seed corpus), for builds without libFuzzer.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  int runs = 0;
  auto run = [&](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                           bytes.size());
    ++runs;
  };
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p))
        run(e.path());
    } else {
      run(p);
    }
  }
  // Also every prefix of the inputs' concatenation would be too slow; a few
  // synthetic edge cases instead.
  for (const char* s :
       {"", "\"", "nom\n\"", "nom\n\xff\xfe", "nom;neq\n;;;;;;\n",
        "\xEF\xBB\xBF", "nom\r\n\"a\"\"b\"\"\r\n"}) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s),
                           std::char_traits<char>::length(s));
    ++runs;
  }
  std::printf("%d inputs ran\n", runs);
  return 0;
}
