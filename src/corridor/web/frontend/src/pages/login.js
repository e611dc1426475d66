// Login: AGENCY/username and password; the session cookie and CSRF token come back.
import { api } from "../api.js";
import { h, clear } from "../dom.js";
import { failure } from "../ui.js";

export default function loginPage({ page, signIn }) {
  const user = h("input", { id: "login-user", name: "user", autocomplete: "username", required: true, placeholder: "GB-NCA/analyst" });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const message = h("div", { id: "login-message" });
  const form = h(
    "form",
    { class: "login", "aria-label": "Log in" },
    h("label", { for: "login-user" }, "User (AGENCY/username)"),
    user,
    h("label", { for: "login-password" }, "Password"),
    password,
    h("button", { type: "submit" }, "Log in"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(message);
    try {
      signIn(await api("/api/login", { method: "POST", body: { user: user.value.trim(), password: password.value } }));
    } catch (error) {
      message.append(failure(error));
    }
  });
  page("corridor — log in", h("p", {}, "Intelligence workbench of this node. Every read is logged."), form);
  user.focus();
}
