#ifndef POLES_SERVICES_COMMON_ARENA_ALLOCATOR_H_
#define POLES_SERVICES_COMMON_ARENA_ALLOCATOR_H_

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

namespace poles {

// Places the request and the response of each call of a callback unary
// method on one protobuf arena, freed in one go when the call ends. For the
// methods that answer with many sub-messages and strings (a page of 100
// organisations, a plan item's lists), where one malloc/free per string
// shows in the server's profile. Register it with the generated
// SetMessageAllocatorFor_<Method>(); it must outlive the server.
template <typename Request, typename Response>
class ArenaMessageAllocator final
    : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    return new Holder();
  }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions o;
      o.start_block_size = 8 * 1024;
      o.max_block_size = 64 * 1024;
      return o;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_ARENA_ALLOCATOR_H_
