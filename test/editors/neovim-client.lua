-- Drives Kubeward's language server through Neovim's built-in LSP client, the way a user's config would, and
-- writes what the editor received to a JSON file for test/editors/neovim.test.ts to check.
--
-- Written against the API of Neovim 0.7 (the oldest release the test supports): vim.lsp.start and `nvim -l` do
-- not exist there. Parameters come from environment variables because `-c "luafile …"` takes no arguments:
--   KUBEWARD_NVIM_NODE      node executable that runs the server (optional, default `node` from PATH)
--   KUBEWARD_NVIM_SERVER    path of bin/kubeward-language-server.js
--   KUBEWARD_NVIM_ROOT      root_dir of the client (the folder the server indexes)
--   KUBEWARD_NVIM_FILE      manifest to open
--   KUBEWARD_NVIM_OUT       where to write the JSON result
--   KUBEWARD_NVIM_HOVER     "line:character" (0-based, LSP) to hover after the diagnostics arrive
--   KUBEWARD_NVIM_COMPLETE  "line:character" (0-based, LSP) to ask for completion after the hover
--   KUBEWARD_NVIM_SETTINGS  JSON given as the client's `settings` (optional)
--   KUBEWARD_NVIM_SETTINGS_DELIVERY  how settings reach the server (optional):
--     "as-configured"  only `settings`, exactly what start_client does with it by itself
--     "push"           also send workspace/didChangeConfiguration from on_init, as `:help vim.lsp.start_client`
--                      tells 0.7 users to do
--     "pull"           also advertise workspace.configuration, so the server asks and Neovim's
--                      workspace/configuration handler answers from `settings` (0.8+ advertise it by default)
--   KUBEWARD_NVIM_TIMEOUT_MS  how long to wait for each step (optional, default 15000)

local env = vim.env
local result = { events = {}, published = {}, server_requests = {} }
local started = vim.loop.hrtime()

local function elapsed_ms()
  return math.floor((vim.loop.hrtime() - started) / 1e6)
end

local function event(name)
  table.insert(result.events, { name = name, ms = elapsed_ms() })
end

local function write_result()
  result.elapsed_ms = elapsed_ms()
  local file = assert(io.open(env.KUBEWARD_NVIM_OUT, 'w'))
  file:write(vim.json.encode(result))
  file:close()
end

local function required(name)
  local value = env[name]
  if value == nil or value == '' then error('environment variable ' .. name .. ' is not set') end
  return value
end

local function run()
  local node = env.KUBEWARD_NVIM_NODE or 'node'
  local server = required('KUBEWARD_NVIM_SERVER')
  local root = required('KUBEWARD_NVIM_ROOT')
  local path = required('KUBEWARD_NVIM_FILE')
  local hover_line, hover_character = required('KUBEWARD_NVIM_HOVER'):match('^(%d+):(%d+)$')
  local complete_line, complete_character = required('KUBEWARD_NVIM_COMPLETE'):match('^(%d+):(%d+)$')
  local timeout = tonumber(env.KUBEWARD_NVIM_TIMEOUT_MS or '') or 15000
  local settings = nil
  if env.KUBEWARD_NVIM_SETTINGS and env.KUBEWARD_NVIM_SETTINGS ~= '' then
    settings = vim.json.decode(env.KUBEWARD_NVIM_SETTINGS)
  end
  local delivery = env.KUBEWARD_NVIM_SETTINGS_DELIVERY or 'as-configured'
  result.nvim_version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch

  local capabilities = vim.lsp.protocol.make_client_capabilities()
  result.default_capabilities = { workspace_configuration = capabilities.workspace.configuration == true }
  if delivery == 'pull' then capabilities.workspace.configuration = true end

  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
      table.insert(result.published, params)
      event('publishDiagnostics')
      -- Let Neovim store them too, so the test can see how the editor itself classifies them.
      vim.lsp.handlers['textDocument/publishDiagnostics'](err, params, ctx, config)
    end,
    ['workspace/configuration'] = function(err, params, ctx, config)
      local answer = vim.lsp.handlers['workspace/configuration'](err, params, ctx, config)
      table.insert(result.server_requests, { method = 'workspace/configuration', params = params, answer = answer })
      return answer
    end,
  }

  local exit = nil
  local client_id = vim.lsp.start_client({
    name = 'kubeward',
    cmd = { node, server, '--stdio' },
    root_dir = root,
    settings = settings,
    capabilities = capabilities,
    handlers = handlers,
    on_init = function(client)
      event('initialized')
      if delivery == 'push' then
        client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
      end
    end,
    on_exit = function(code, signal)
      exit = { code = code, signal = signal }
    end,
  })
  if not client_id then error('vim.lsp.start_client returned nil for node ' .. server) end
  local client = vim.lsp.get_client_by_id(client_id)

  -- Attaching only once initialize has finished keeps didChangeConfiguration ahead of didOpen in the "push" case.
  if not vim.wait(timeout, function() return client.initialized == true or exit ~= nil end, 10) or exit then
    error('the server did not finish initialize within ' .. timeout .. ' ms')
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  -- `-u NONE` turns filetype detection off, and the server only checks documents whose languageId is YAML.
  vim.bo[bufnr].filetype = 'yaml'
  if not vim.lsp.buf_attach_client(bufnr, client_id) then error('buf_attach_client failed') end
  event('attached')

  if not vim.wait(timeout, function() return #result.published > 0 end, 10) then
    error('no textDocument/publishDiagnostics within ' .. timeout .. ' ms')
  end

  local position = { line = tonumber(hover_line), character = tonumber(hover_character) }
  local hover, hover_err = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = position,
  }, timeout, bufnr)
  event('hover')
  if hover_err then error('hover request failed: ' .. tostring(hover_err)) end
  if hover.err then error('hover answered with an error: ' .. vim.inspect(hover.err)) end
  result.hover = hover.result

  local completion, completion_err = client.request_sync('textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(complete_line), character = tonumber(complete_character) },
  }, timeout, bufnr)
  event('completion')
  if completion_err then error('completion request failed: ' .. tostring(completion_err)) end
  if completion.err then error('completion answered with an error: ' .. vim.inspect(completion.err)) end
  result.completion = completion.result

  -- Diagnostics as Neovim holds them after its own conversion (severity names are the editor's mapping).
  result.shown = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.shown, {
      lnum = diagnostic.lnum,
      col = diagnostic.col,
      severity = vim.diagnostic.severity[diagnostic.severity],
      source = diagnostic.source,
      message = diagnostic.message,
    })
  end

  client.stop()
  if not vim.wait(timeout, function() return exit ~= nil end, 10) then
    error('the server did not exit within ' .. timeout .. ' ms of shutdown')
  end
  result.exit = exit
  event('stopped')
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
  -- Leave nothing running behind a failed run.
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop(true) end
end
local written, write_err = pcall(write_result)
if not written then io.stderr:write('kubeward neovim driver: cannot write result: ' .. tostring(write_err) .. '\n') end
vim.cmd(ok and written and 'qall!' or 'cquit!')
