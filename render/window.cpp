// GLFW + OpenGL + Dear ImGui backends. See window.h.
#include "render/window.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#if defined(KIOSK_GLES)
#include <GLES3/gl3.h>
#else
#include <GL/gl.h>
#endif

#include <stb_image_write.h>

#include <cfloat>
#include <cstdio>
#include <cstring>

namespace render {

namespace {

// GLFW's own record of its last error on this thread (GLFW 3.3), read right after a failed
// call: no error callback, and no global of ours.
std::string LastGlfwError() {
    const char* description = nullptr;
    const int code = glfwGetError(&description);
    if (code == GLFW_NO_ERROR) return "no reason given";
    return std::string(description ? description : "unknown") + " (GLFW error " + std::to_string(code) + ")";
}

} // namespace

// Every input callback counts the event, then ImGui's backend (installed after ours, so it
// chains to these) handles it.
void Window::CountInput(GLFWwindow* window) {
    if (auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window))) ++self->m_input_events;
}

Window::~Window() { Close(); }

base::Status Window::Open(const WindowOptions& options) {
    if (!glfwInit()) return base::Status::Fail("no display: " + LastGlfwError());
#if defined(KIOSK_GLES)
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    const char* glsl_version = "#version 300 es";
#else
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    const char* glsl_version = "#version 130";
#endif
    GLFWmonitor* monitor = nullptr;
    int width = options.width;
    int height = options.height;
    if (options.fullscreen) {
        monitor = glfwGetPrimaryMonitor();
        if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
            width = mode->width;
            height = mode->height;
            glfwWindowHint(GLFW_RED_BITS, mode->redBits);
            glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
            glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
            glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        }
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    }
    m_window = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (!m_window) {
#if defined(KIOSK_GLES)
        std::string error = "no OpenGL ES 3.0 context: " + LastGlfwError();
#else
        std::string error = "no OpenGL 3.0 context: " + LastGlfwError();
#endif
        glfwTerminate();
        return base::Status::Fail(error);
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    if (options.fullscreen) glfwSetInputMode(m_window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    glfwSetWindowUserPointer(m_window, this);
    glfwSetCursorPosCallback(m_window, [](GLFWwindow* w, double x, double y) {
        CountInput(w);
        if (auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w))) self->m_pointer.Move(x, y);
    });
    glfwSetMouseButtonCallback(m_window, [](GLFWwindow* w, int button, int action, int) {
        CountInput(w);
        if (auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w))) {
            // The press is where the last move event put the pointer. glfwGetCursorPos asks
            // the X server where the pointer is now, which after a slow frame is where the
            // next tap already moved it; only when no move came at all is it the best we have.
            if (!self->m_pointer.PositionQueued()) {
                double x = 0, y = 0;
                glfwGetCursorPos(w, &x, &y);
                self->m_pointer.Move(x, y);
            }
            self->m_pointer.Button(button, action == GLFW_PRESS);
        }
    });
    glfwSetScrollCallback(m_window, [](GLFWwindow* w, double, double) { CountInput(w); });
    glfwSetKeyCallback(m_window, [](GLFWwindow* w, int key, int, int action, int) {
        CountInput(w);
        auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
        if (self && action == GLFW_PRESS && key >= 0) self->m_pressed_keys.push_back(key);
    });
    glfwSetCharCallback(m_window, [](GLFWwindow* w, unsigned int) { CountInput(w); });
    glfwSetCursorEnterCallback(m_window, [](GLFWwindow* w, int entered) {
        CountInput(w);
        auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
        if (self && !entered) self->m_pointer.Leave();
    });
    glfwSetWindowFocusCallback(m_window, [](GLFWwindow* w, int) { CountInput(w); });
    glfwSetFramebufferSizeCallback(m_window, [](GLFWwindow* w, int, int) { CountInput(w); });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk remembers no window layout
    io.LogFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init(glsl_version);
    m_imgui_ready = true;
    // The backend's shaders now, while the atlas is still ImGui's tiny default: its own font
    // texture (RGBA, four bytes a pixel) is let go at once, and the kiosk's atlas goes up as
    // one byte a pixel (ReloadFontTexture).
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    m_device_objects = true;
    m_single_channel = SingleChannelTextures();
    return base::Status::Success();
}

void Window::Close() {
    m_device_objects = false;
    if (m_font_texture) {
        glDeleteTextures(1, &m_font_texture);
        m_font_texture = 0;
    }
    if (m_imgui_ready) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        m_imgui_ready = false;
    }
    if (m_window) {
        glfwDestroyWindow(m_window);
        m_window = nullptr;
        glfwTerminate();
    }
}

bool Window::ShouldClose() const { return glfwWindowShouldClose(m_window); }
void Window::RequestClose() { glfwSetWindowShouldClose(m_window, GLFW_TRUE); }

void Window::WaitForEvents(double timeout_seconds) {
    if (timeout_seconds <= 0) glfwPollEvents();
    else glfwWaitEventsTimeout(timeout_seconds);
}

void Window::Wake() { glfwPostEmptyEvent(); }  // GLFW allows this from any thread

void Window::BeginFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // Every key pressed since the last frame is down for at least this frame, even if it was
    // released within the same batch of events.
    ImGuiIO& io = ImGui::GetIO();
    for (int key : m_forced_keys) {
        if (key < IM_ARRAYSIZE(io.KeysDown)) io.KeysDown[key] = glfwGetKey(m_window, key) == GLFW_PRESS;
    }
    m_forced_keys.clear();
    for (int key : m_pressed_keys) {
        if (key < IM_ARRAYSIZE(io.KeysDown)) {
            io.KeysDown[key] = true;
            m_forced_keys.push_back(key);
        }
    }
    m_pressed_keys.clear();
    // The pointer from our queue, one button change per frame (render/pointer_queue.h),
    // in place of what the backend read.
    m_pointer.NextFrame();
    io.MousePos = m_pointer.Inside() ? ImVec2(static_cast<float>(m_pointer.X()), static_cast<float>(m_pointer.Y()))
                                     : ImVec2(-FLT_MAX, -FLT_MAX);
    for (int b = 0; b < PointerQueue::kButtons; ++b) io.MouseDown[b] = m_pointer.Down(b);
    ImGui::NewFrame();
}

void Window::EndFrame() {
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (m_capture_next) {
        m_capture_next = false;
        std::vector<uint8_t>* capture = &m_capture;
        capture->assign(static_cast<size_t>(w) * h * 4, 0);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, capture->data());
        // OpenGL's rows start at the bottom; PNG's at the top.
        std::vector<uint8_t> row(static_cast<size_t>(w) * 4);
        for (int y = 0; y < h / 2; ++y) {
            uint8_t* a = capture->data() + static_cast<size_t>(y) * w * 4;
            uint8_t* b = capture->data() + static_cast<size_t>(h - 1 - y) * w * 4;
            std::memcpy(row.data(), a, row.size());
            std::memcpy(a, b, row.size());
            std::memcpy(b, row.data(), row.size());
        }
        m_capture_width = w;
        m_capture_height = h;
    }
    glfwSwapBuffers(m_window);
}

bool Window::TakeCapture(std::vector<uint8_t>& rgba, int& width, int& height) {
    if (m_capture.empty()) return false;
    rgba = std::move(m_capture);
    m_capture.clear();
    width = m_capture_width;
    height = m_capture_height;
    return true;
}

void Window::ReloadFontTexture() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!m_single_channel) {
        // No texture swizzle (desktop OpenGL before 3.3 without ARB_texture_swizzle): the
        // backend's RGBA texture.
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        atlas->ClearTexData();
        return;
    }
    // The atlas is coverage only: one byte a pixel (GL_R8), read by the backend's shader as
    // white with that alpha through the texture swizzle. A quarter of the RGBA texture's
    // memory, and no RGBA copy on the CPU (on llvmpipe the texture is in system memory too).
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas->GetTexDataAsAlpha8(&pixels, &width, &height);
    if (m_font_texture) glDeleteTextures(1, &m_font_texture);
    GLint bound = 0, alignment = 4;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
    glGenTextures(1, &m_font_texture);
    glBindTexture(GL_TEXTURE_2D, m_font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_R, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_G, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_B, GL_ONE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_A, GL_RED);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // rows of `width` bytes
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
    atlas->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_font_texture)));
    // The GPU has the pixels now: the atlas's CPU copy goes.
    atlas->ClearTexData();
}

bool Window::SingleChannelTextures() {
#if defined(KIOSK_GLES)
    return true;  // OpenGL ES 3.0: R8 and texture swizzle are core
#else
    const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    int major = 0, minor = 0;
    if (version && std::sscanf(version, "%d.%d", &major, &minor) == 2 && (major > 3 || (major == 3 && minor >= 3))) return true;
    const char* extensions = reinterpret_cast<const char*>(glGetString(GL_EXTENSIONS));
    return extensions && std::strstr(extensions, "GL_ARB_texture_swizzle") != nullptr;
#endif
}

int Window::FramebufferWidth() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return w;
}

int Window::FramebufferHeight() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return h;
}

base::Status WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba) {
    if (width <= 0 || height <= 0 || rgba.size() < static_cast<size_t>(width) * height * 4) return base::Status::Fail("no image to write");
    if (!stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4)) return base::Status::Fail("cannot write " + path);
    return base::Status::Success();
}

} // namespace render
