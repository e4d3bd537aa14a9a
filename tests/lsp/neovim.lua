-- vita's language server in Neovim (headless), with Neovim's own LSP
-- client: open the CV (the current folder's cv.ron), attach `vita lsp`,
-- wait for its diagnostics, ask for completion on the line after the first
-- `org:` of a Positions entry, print both, quit.
-- Usage: VITA=path/to/vita nvim --headless -u NONE -c "luafile neovim.lua"
local vita = os.getenv("VITA")
vim.cmd("edit cv.ron")
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = "vita", cmd = { vita, "lsp" }, root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(buf, id)
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local said = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(said, string.format("%d:%d: %s", d.lnum + 1, d.col + 1, (d.message:gsub("\n", " | "))))
end
local line = vim.fn.search("org: \"University of Southern California\"")
local result = vim.lsp.get_client_by_id(id).request_sync("textDocument/completion", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = line, character = 10 },
}, 10000, buf)
local labels = {}
for _, item in ipairs((result and result.result and result.result.items) or {}) do
  table.insert(labels, item.label)
end
io.stdout:write("diagnostics: " .. table.concat(said, " ;; ") .. "\n")
io.stdout:write("completion: " .. table.concat(labels, ",") .. "\n")
vim.lsp.stop_client(id)
vim.cmd("qa!")
