// render::PointerQueue: taps that arrive in one batch of events reach ImGui one button
// change per frame, so neither is lost or merged into a drag.
#include <doctest/doctest.h>

#include <vector>

#include "render/pointer_queue.h"

using render::PointerQueue;

TEST_CASE("a tap whose press and release arrive together is down for one frame, then up") {
    PointerQueue q;
    q.Move(100, 200);
    q.Button(0, true);
    q.Button(0, false);
    REQUIRE(q.NextFrame());
    CHECK(q.Down(0));
    CHECK(q.X() == 100);
    CHECK(q.Y() == 200);
    CHECK(q.Pending());
    REQUIRE(q.NextFrame());
    CHECK_FALSE(q.Down(0));
    CHECK(q.X() == 100);  // released where it was pressed
    CHECK_FALSE(q.Pending());
    CHECK_FALSE(q.NextFrame());
}

TEST_CASE("two taps in one batch stay two taps, each at its own place") {
    PointerQueue q;
    q.Move(10, 10);  // language button
    q.Button(0, true);
    q.Button(0, false);
    q.Move(500, 300);  // Find help
    q.Button(0, true);
    q.Button(0, false);
    struct Seen { bool down; double x; };
    std::vector<Seen> frames;
    while (q.NextFrame()) frames.push_back({q.Down(0), q.X()});
    REQUIRE(frames.size() == 4);
    CHECK((frames[0].down && frames[0].x == 10));
    CHECK((!frames[1].down && frames[1].x == 10));  // the first tap ends before the pointer moves
    CHECK((frames[2].down && frames[2].x == 500));
    CHECK((!frames[3].down && frames[3].x == 500));
}

TEST_CASE("a drag keeps every move in the frame of its button change, and leaving hides the pointer") {
    PointerQueue q;
    q.Move(0, 0);
    q.Button(0, true);
    q.Move(0, 50);
    q.Move(0, 120);
    REQUIRE(q.NextFrame());
    CHECK(q.Down(0));
    CHECK(q.Y() == 0);
    REQUIRE(q.NextFrame());  // the moves while held come together: no button change among them
    CHECK(q.Down(0));
    CHECK(q.Y() == 120);
    q.Button(0, false);
    q.Leave();
    REQUIRE(q.NextFrame());
    CHECK_FALSE(q.Down(0));
    CHECK(q.Inside());
    REQUIRE(q.NextFrame());
    CHECK_FALSE(q.Inside());
    CHECK_FALSE(q.PositionQueued());  // after leaving, a press must ask where the pointer is
    q.Move(3, 4);
    CHECK(q.PositionQueued());
    CHECK(q.NextFrame());
    q.Button(7, true);  // a button the queue does not track
    q.Button(0, false); // a release with nothing down changes nothing
    CHECK_FALSE(q.NextFrame());
}
