/**
 * The sink catalogue: the calls through which a tool touches the world. Data only; the linker
 * matches a call's canonical name (`module:export().member`) against `callee`.
 *
 * Canonical names: an import is `module:name` (`node:` dropped, namespace and default imports of
 * Node built-ins read as the module itself), a call adds `()`, `new X()` adds `()`, a member adds
 * `.name`. So `new pg.Pool().query` is `pg:Pool().query` and `promisify(exec)` is `child_process:exec`.
 */
import type { ConstraintKind } from '../../graph/model.js';

export interface SinkSpec {
  /** Stable id, also shown in messages: `child_process.exec`. */
  id: string;
  /** Operation class: `shell.exec`, `code.eval`, `fs.read`, `fs.write`, `fs.delete`, `db.query`, `net.http`... */
  op: string;
  callee: RegExp;
  /**
   * Which argument carries the danger: an index, `tagged` for tagged templates (the interpolations),
   * or `last` (the body of `new Function(a, b, body)`).
   */
  arg: number | 'tagged' | 'last' | 'all' | 'statement' | 'sql-field' | 'pipeline' | 'filter' | 'path-field';
  /** Index of an options argument whose `shell: true` turns a process spawn into a shell. */
  shellOption?: number;
  /** A process spawn without a shell: the binary is argument 0, its arguments argument 1. */
  spawn?: boolean;
  /** The sink itself narrows its input (a remote sandbox, a tagged template that escapes). */
  constraint?: ConstraintKind;
  /** Destructive whatever its arguments (deletes, refunds, sends). */
  destructive?: boolean;
  /** Matched against the calleeText when the receiver is not resolvable (a parameter, an injected client). */
  byText?: boolean;
}

const CP = String.raw`child_process`;
const FS = String.raw`(?:fs|fs\/promises|fs-extra|graceful-fs)`;
const FS_MEMBER = String.raw`(?:promises\.)?`;

export const SINKS: SinkSpec[] = [
  // --- shell and processes
  { id: 'child_process.exec', op: 'shell.exec', callee: new RegExp(`^${CP}:(?:exec|execSync)$`), arg: 0 },
  { id: 'child_process.spawn', op: 'shell.exec', callee: new RegExp(`^${CP}:(?:spawn|spawnSync)$`), arg: 0, spawn: true, shellOption: 2 },
  { id: 'child_process.execFile', op: 'shell.exec', callee: new RegExp(`^${CP}:(?:execFile|execFileSync)$`), arg: 0, spawn: true, shellOption: 2 },
  // `cross-spawn` is `spawn` with Windows path lookup: the same arguments, the same shell option.
  { id: 'cross-spawn', op: 'shell.exec', callee: /^cross-spawn:(?:default|spawn|sync|default\.sync)$/, arg: 0, spawn: true, shellOption: 2 },
  { id: 'child_process.fork', op: 'code.eval', callee: new RegExp(`^${CP}:fork$`), arg: 0 },
  { id: 'execa.command', op: 'shell.exec', callee: /^execa:(?:execaCommand|execaCommandSync|commandSync|command)$/, arg: 0 },
  { id: 'execa', op: 'shell.exec', callee: /^execa:(?:execa|execaSync|default|sync|node)$/, arg: 0, spawn: true, shellOption: 2 },
  { id: 'execa.$', op: 'shell.exec', callee: /^(?:execa|zx|zx\/core):\$(?:\(\))?$/, arg: 'tagged', constraint: 'escaped' },
  { id: 'shelljs.exec', op: 'shell.exec', callee: /^shelljs:(?:exec|default\.exec)$/, arg: 0 },
  { id: 'Bun.$', op: 'shell.exec', callee: /^global:Bun\.\$$/, arg: 'tagged', constraint: 'escaped' },
  { id: 'Bun.spawn', op: 'shell.exec', callee: /^global:Bun\.(?:spawn|spawnSync)$/, arg: 0 },
  // Deno's process API: `new Deno.Command(binary, { args })` runs a program without a shell, the
  // older `Deno.run({ cmd: [binary, ...args] })` takes the whole command line.
  { id: 'Deno.Command', op: 'shell.exec', callee: /^global:Deno\.Command$/, arg: 0, spawn: true },
  { id: 'Deno.run', op: 'shell.exec', callee: /^global:Deno\.run$/, arg: 0 },
  { id: 'node-pty.write', op: 'shell.exec', callee: /^node-pty:spawn\(\)\.write$/, arg: 0 },
  // SSH: a command run on another machine with the server's key is still a shell.
  { id: 'ssh.exec', op: 'shell.exec', callee: /^(?:ssh2:(?:Client|default\.Client)\(\)\.exec|node-ssh:NodeSSH\(\)\.(?:execCommand|exec))$|^(?:this\.)?(?:ssh|sshClient|sshConn|sshConnection|client|conn)\w*\.(?:execCommand|exec)$/, arg: 0, byText: true },
  // SFTP: files read and written on the remote host.
  { id: 'sftp.write', op: 'fs.write', callee: /^(?:this\.)?sftp\w*\.(?:fastPut|put|writeFile|createWriteStream|mkdir|rename|unlink|rmdir|appendFile|uploadFile|putFile)$/, arg: 'all', byText: true },
  { id: 'sftp.read', op: 'fs.read', callee: /^(?:this\.)?sftp\w*\.(?:fastGet|get|readFile|createReadStream|readdir|downloadFile|getFile)$/, arg: 'all', byText: true },
  // Remote sandboxes run the command away from the host: the executor itself is the constraint.
  { id: 'sandbox.run', op: 'shell.exec', callee: /^(?:@e2b\/code-interpreter|e2b|@daytonaio\/sdk|@vercel\/sandbox)(?::|\b).*\.(?:runCommand|run|exec|executeCommand|runCode|codeRun)$/, arg: 0, constraint: 'sandbox' },

  // --- code evaluation
  { id: 'eval', op: 'code.eval', callee: /^global:eval$/, arg: 0 },
  { id: 'Function', op: 'code.eval', callee: /^global:Function(?:\(\))?$/, arg: 'last' },
  { id: 'vm.run', op: 'code.eval', callee: /^vm:(?:runInNewContext|runInThisContext|runInContext|compileFunction|Script)(?:\(\))?$/, arg: 0 },
  { id: 'import()', op: 'code.eval', callee: /^global:import$/, arg: 0 },
  { id: 'require()', op: 'code.eval', callee: /^global:require$/, arg: 0 },
  { id: 'isolated-vm', op: 'code.eval', callee: /^isolated-vm:.*\.(?:compileScript|evalClosure|eval|run)/, arg: 0, constraint: 'sandbox' },

  // --- filesystem
  { id: 'fs.read', op: 'fs.read', callee: new RegExp(`^${FS}:${FS_MEMBER}(?:readFile|readFileSync|createReadStream|readJson|readJSON|readJsonSync)$`), arg: 0 },
  // A directory listing reads names, not contents: part of the access map, not a confinement finding.
  { id: 'fs.list', op: 'fs.list', callee: new RegExp(`^${FS}:${FS_MEMBER}(?:readdir|readdirSync|opendir|opendirSync)$`), arg: 0 },
  // Whether a path exists and what it is: metadata, not content.
  { id: 'fs.stat', op: 'fs.stat', callee: new RegExp(`^${FS}:${FS_MEMBER}(?:stat|statSync|lstat|lstatSync|access|accessSync|exists|existsSync|realpath|realpathSync)$`), arg: 0 },
  { id: 'fs.write', op: 'fs.write', callee: new RegExp(`^${FS}:${FS_MEMBER}(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|mkdir|mkdirSync|copyFile|copyFileSync|cp|cpSync|rename|renameSync|symlink|symlinkSync|chmod|chmodSync|outputFile|outputFileSync|outputJson|writeJson|writeJSON|writeJsonSync|copy|copySync|move|moveSync|ensureFile|ensureDir|truncate)$`), arg: 0 },
  { id: 'fs.delete', op: 'fs.delete', callee: new RegExp(`^${FS}:${FS_MEMBER}(?:unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|remove|removeSync|emptyDir|emptyDirSync)$`), arg: 0, destructive: true },
  // Deno's and Bun's own file APIs.
  { id: 'Deno.read', op: 'fs.read', callee: /^global:Deno\.(?:readTextFile|readTextFileSync|readFile|readFileSync|open|openSync)$/, arg: 0 },
  { id: 'Deno.write', op: 'fs.write', callee: /^global:Deno\.(?:writeTextFile|writeTextFileSync|writeFile|writeFileSync|mkdir|mkdirSync|rename|renameSync|copyFile|copyFileSync|create|createSync|symlink|symlinkSync|chmod|chmodSync|truncate|truncateSync)$/, arg: 0 },
  { id: 'Deno.remove', op: 'fs.delete', callee: /^global:Deno\.(?:remove|removeSync)$/, arg: 0, destructive: true },
  { id: 'Bun.write', op: 'fs.write', callee: /^global:Bun\.write$/, arg: 0 },
  { id: 'Bun.file', op: 'fs.read', callee: /^global:Bun\.file$/, arg: 0 },
  { id: 'rimraf', op: 'fs.delete', callee: /^(?:rimraf|del):(?:rimraf|default|deleteAsync|sync|rimrafSync)$/, arg: 0, destructive: true },

  // --- file transfer over SSH: the local side is a file read (upload) or written (download) on this machine.
  // node-ssh: `putFile(local, remote)`, `getFile(local, remote)`; ssh2 / ssh2-sftp-client: `fastPut(local, remote)`, `fastGet(remote, local)`.
  { id: 'ssh.upload', op: 'fs.read', callee: /^node-ssh:NodeSSH\(\)\.(?:putFile|putDirectory)$|^(?:this\.)?(?:ssh|sftp|scp)\w*\.(?:putFile|putDirectory|fastPut|uploadDir)$/i, arg: 0, byText: true },
  { id: 'ssh.download', op: 'fs.write', callee: /^node-ssh:NodeSSH\(\)\.(?:getFile|getDirectory)$|^(?:this\.)?(?:ssh|scp)\w*\.(?:getFile|getDirectory)$/i, arg: 0, byText: true },
  { id: 'sftp.download', op: 'fs.write', callee: /^(?:this\.)?(?:sftp|ssh)\w*\.(?:fastGet|downloadDir)$/i, arg: 1, byText: true },

  // --- SQL: the first argument is the statement; values passed separately are parameters.
  { id: 'pg.query', op: 'db.query', callee: /^(?:pg|@neondatabase\/serverless|@vercel\/postgres):(?:Pool|Client|default\.Pool|default\.Client)\(\)(?:\.connect\(\))?\.query$/, arg: 0 },
  // Neon's HTTP driver and Vercel Postgres: the tagged template escapes; `.query(text)` runs the text.
  { id: 'neon.query', op: 'db.query', callee: /^(?:@neondatabase\/serverless:neon\(\)\.(?:query|unsafe)|@vercel\/postgres:(?:sql|db)\.query)$/, arg: 0 },
  { id: 'mysql.query', op: 'db.query', callee: /^(?:mysql2|mysql2\/promise|mysql):(?:createConnection|createPool|default\.createConnection|default\.createPool)\(\)(?:\.getConnection\(\))?\.(?:query|execute)$/, arg: 0 },
  { id: 'better-sqlite3', op: 'db.query', callee: /^(?:better-sqlite3|bun:sqlite):(?:default|Database)\(\)\.(?:exec|prepare)$/, arg: 0 },
  { id: 'sqlite3', op: 'db.query', callee: /^(?:sqlite3|sqlite):(?:Database|default\.Database|verbose\(\)\.Database|open)\(\)\.(?:run|all|get|exec|each|prepare)$/, arg: 0 },
  { id: 'knex.raw', op: 'db.query', callee: /^knex:(?:default|knex)\(\)\.(?:raw|whereRaw|joinRaw|havingRaw|orderByRaw|selectRaw)$/, arg: 0 },
  { id: 'prisma.$queryRawUnsafe', op: 'db.query', callee: /\.\$(?:queryRawUnsafe|executeRawUnsafe)$/, arg: 0, byText: true },
  { id: 'drizzle sql.raw', op: 'db.query', callee: /^drizzle-orm(?:\/sql)?:sql\.raw$/, arg: 0 },
  { id: 'postgres.unsafe', op: 'db.query', callee: /^postgres:default\(\)\.unsafe$/, arg: 0 },
  // A client whose construction leash cannot see (injected, or from a helper): judged by its name.
  // A MongoDB aggregation pipeline is the query language itself: `$lookup` and `$unionWith` read
  // any collection, `$out` and `$merge` write. The pipeline is the array argument
  // (`coll.aggregate(pipeline)`, `provider.aggregate(db, coll, pipeline)`).
  { id: 'mongo.aggregate', op: 'db.query', callee: /(?:^|\.)(?:aggregate|aggregateDb)$/, arg: 'pipeline', byText: true },
  // A MongoDB query filter is the query language too: a filter the model writes whole reads any
  // document (`{}` matches all, `$where` runs JavaScript on the server where it is enabled). Only a
  // filter that is not an object literal the code writes (`find(args.filter)`, `find(parseFilter(
  // input))`) is one; `find({ _id: id })` is the code's query. Only on a collection: the driver's
  // (`mongodb:MongoClient().db().collection().find`), or a receiver named for one; an array's
  // `find(callback)` is no query (a callback is never a filter).
  { id: 'mongo.find', op: 'db.query', callee: /^mongodb:.*\.collection\(\)\.(?:find|findOne|countDocuments|count|distinct)$|^(?:this\.)?(?:[\w$]+\.)*(?:collection|coll|col|[\w$]*Collection)\.(?:find|findOne|countDocuments|count|distinct)$|\.collection\([^()]*\)\.(?:find|findOne|countDocuments|count|distinct)$/, arg: 'filter' },
  { id: 'db.query', op: 'db.query', callee: /^(?:this\.)?(?:db|pool|client|conn|connection|database|pg|mysql|sqlite|knex|sql|tx|trx)\w*\.(?:query|execute|exec|raw|unsafe|\$queryRawUnsafe|\$executeRawUnsafe)$/i, arg: 0, byText: true },

  // Methods of a data-access object the code does not show (an injected platform, an API client)
  // whose name says they run the SQL they are given.
  { id: 'sql-method', op: 'db.query', callee: /\.(?:executeSql|execSql|runSql|executeSQL|runSQL|executeRawSql|executeQuery|runQuery|rawQuery|queryRaw|applyMigration|runMigration)$/, arg: 'statement', byText: true },
  // A hosted database's API client handed the statement in a field (`cf.d1.database.query(id,
  // { sql, params })`): only a call whose arguments have such a field is one.
  // Only on a database's client (`d1.database.query`, `warehouse.execute`): a fact checker's
  // `run({ statement })` is no SQL.
  { id: 'SQL in a client call', op: 'db.query', callee: /(?:^|\.)(?:d1|db|dbs|database|databases|sql|warehouse|warehouses|bigquery|snowflake|athena|redshift|clickhouse|postgres|mysql|sqlite|hyperdrive)\w*\.(?:query|execute|exec|run|raw|batch)$/i, arg: 'sql-field', byText: true },

  // --- HTTP: the first argument is the URL (or a config object with `url`).
  { id: 'fetch', op: 'net.http', callee: /^(?:global:fetch|node-fetch:default|undici:(?:fetch|request)|cross-fetch:default|ky:default(?:\.(?:get|post|put|patch|delete|head))?)$/, arg: 0 },
  { id: 'axios', op: 'net.http', callee: /^axios:default(?:\.(?:get|post|put|patch|delete|head|request|options))?$|^axios:default\.create\(\)\.(?:get|post|put|patch|delete|head|request)$/, arg: 0 },
  { id: 'got', op: 'net.http', callee: /^got:default(?:\.(?:get|post|put|patch|delete|head|stream))?$/, arg: 0 },
  { id: 'http.request', op: 'net.http', callee: /^(?:http|https):(?:request|get)$/, arg: 0 },
  // Loaders and scraping clients that fetch the page they are given (LangChain's web loaders,
  // Firecrawl's SDK): a request to whatever URL the caller names. Firecrawl fetches it from its
  // own servers (`remote-fetch`): not this network, but the page still comes back.
  { id: 'web loader', op: 'net.http', callee: /^@langchain\/community\/document_loaders\/web\/[\w-]+:(?:FireCrawlLoader|CheerioWebBaseLoader|PuppeteerWebBaseLoader|PlaywrightWebBaseLoader|RecursiveUrlLoader|SpiderLoader|BrowserbaseLoader|ApifyDatasetLoader)$/, arg: 0 },
  { id: 'firecrawl', op: 'net.http', callee: /^@mendable\/firecrawl-js:(?:default|FirecrawlApp|Firecrawl)\(\)\.(?:scrapeUrl|crawlUrl|asyncCrawlUrl|scrape|crawl|startCrawl|extract|mapUrl|map|batchScrapeUrls|batchScrape)$/, arg: 0, constraint: 'remote-fetch' },

  // --- browsers driven by the model (Playwright, Puppeteer): where the page goes, what it runs, what it uploads.
  // The page may be a field of the project's own wrapper (`page.pptrPage.goto(url)`).
  { id: 'page.goto', op: 'net.http', callee: /^(?:playwright|playwright-core|puppeteer|puppeteer-core|@playwright\/test):.*\.goto$|^(?:this\.)?(?:(?:page|tab|frame|browserPage|currentPage|activePage)\w*|(?:[\w$]+\.)+(?:page|tab|frame|\w+Page|\w+Tab|\w+Frame))\.goto$/, arg: 0, byText: true },
  // An HTTP client handed in as a parameter (`createUsersClient(axios: AxiosInstance)`): named for what it is.
  { id: 'http-client', op: 'net.http', callee: /^(?:this\.)?(?:\w*[aA]xios\w*|\w*[hH]ttp(?:Client)?)\.(?:get|post|put|patch|delete|head|request)$/, arg: 0, byText: true },
  { id: 'request-context', op: 'net.http', callee: /^(?:this\.)?(?:request|apiContext|requestContext|apiRequest|apiRequestContext)\.(?:get|post|put|patch|delete|head|fetch)$/, arg: 0, byText: true },
  { id: 'page.evaluate', op: 'code.eval.browser', callee: /^(?:this\.)?(?:(?:page|tab|frame|browserPage|currentPage|activePage)\w*|(?:[\w$]+\.)+(?:page|tab|frame|\w+Page|\w+Tab|\w+Frame))\.(?:evaluate|evaluateHandle|evaluateOnNewDocument|addScriptTag|addInitScript)$/, arg: 0, byText: true },
  // A PDF, screenshot or recording saved where the options' `path` says (`page.pdf({ path })`):
  // without a `path` the bytes only come back to the caller.
  { id: 'page.pdf', op: 'fs.write', callee: /^(?:playwright|playwright-core|puppeteer|puppeteer-core|@playwright\/test):.*\.(?:pdf|screenshot|screencast)$|^(?:this\.)?(?:(?:page|tab|frame|browserPage|currentPage|activePage)\w*|(?:[\w$]+\.)+(?:page|tab|frame|\w+Page|\w+Tab|\w+Frame))\.(?:pdf|screenshot|screencast)$/, arg: 'path-field', byText: true },
  { id: 'setInputFiles', op: 'fs.read', callee: /\.setInputFiles$|\.uploadFile$/, arg: 'all', byText: true },

  // --- destructive platform calls (whatever their arguments)
  { id: 'aws-sdk.delete', op: 'cloud.aws.delete', callee: /^@aws-sdk\/client-[\w-]+:(?:Delete|Terminate|Remove|Purge|Deregister|Revoke|Disable)\w*Command(?:\(\))?$/, arg: 'all', destructive: true },
  { id: 'aws-sdk.policy', op: 'cloud.aws.iam', callee: /^@aws-sdk\/client-[\w-]+:(?:Put\w*Policy|Attach\w*Policy|Create(?:AccessKey|User|Role)|UpdateAssumeRolePolicy)\w*Command(?:\(\))?$/, arg: 'all', destructive: true },
  // Pulumi's Automation API runs a deployment from code: `up` creates, replaces and deletes
  // resources to match the program, `destroy` deletes the stack's every resource.
  { id: 'pulumi.automation', op: 'cloud.iac.apply', callee: /^@pulumi\/pulumi\/automation(?:\/index(?:\.js)?)?:(?:LocalWorkspace\.(?:createOrSelectStack|createStack|selectStack)|Stack\.(?:create|select|createOrSelect))\(\)\.(?:up|destroy)$/, arg: 'all', destructive: true },
  { id: 'kubernetes.delete', op: 'cloud.k8s.delete', callee: /^@kubernetes\/client-node:.*\.delete\w+$/, arg: 'all', destructive: true },
  { id: 'octokit.delete', op: 'repo.delete', callee: /^(?:@octokit\/rest|octokit|@octokit\/core):.*\.(?:delete\w*|remove\w*)$/, arg: 'all', destructive: true },
  { id: 'octokit.merge', op: 'repo.merge', callee: /^(?:@octokit\/rest|octokit|@octokit\/core):.*\.(?:merge|mergeUpstream|updateBranchProtection|deleteBranchProtection)$/, arg: 'all', destructive: true },
  { id: 'stripe.money', op: 'payment.transfer', callee: /^stripe:.*\.(?:refunds|transfers|payouts|charges|paymentIntents)\.(?:create|capture|confirm)$/, arg: 'all', destructive: true },
  // Ending what a customer pays for (`subscriptions.cancel`, `invoices.voidInvoice`) or deleting a
  // Stripe object (`customers.del`) cannot be undone.
  { id: 'stripe.cancel', op: 'payment.cancel', callee: /^stripe:.*\.(?:cancel|voidInvoice|markUncollectible|del)$/, arg: 'all', destructive: true },
  { id: 'email.send', op: 'comm.send', callee: /^(?:nodemailer:.*\.sendMail|resend:.*\.emails\.send|@sendgrid\/mail:.*\.send(?:Multiple)?|postmark:.*\.send\w*)$/, arg: 'all', destructive: true },
  // Gmail's API: `gmail.users.messages.send`, `gmail.users.drafts.send`.
  { id: 'gmail.send', op: 'comm.send', callee: /^(?:googleapis|@googleapis\/gmail):.*\.users\.(?:messages|drafts)\.send$/, arg: 'all', destructive: true },
  { id: 'slack.post', op: 'comm.send', callee: /^@slack\/web-api:.*\.(?:chat\.postMessage|chat\.update|files\.upload\w*)$/, arg: 'all', destructive: true },

  // --- reading what others write (mail, chat, issues and their comments): the owner's private
  // messages, and text anyone can send them.
  // Gmail's trash and delete: the owner's mail gone (trash empties itself after 30 days).
  { id: 'gmail.delete', op: 'api.delete', callee: /^(?:googleapis|@googleapis\/gmail):.*\.users\.(?:messages|threads|drafts)\.(?:trash|delete|batchDelete)$/, arg: 'all', destructive: true },
  { id: 'gmail.read', op: 'comm.read', callee: /^(?:googleapis|@googleapis\/gmail):.*\.users\.(?:messages|threads)\.(?:get|list)$/, arg: 'all' },
  { id: 'slack.read', op: 'comm.read', callee: /^@slack\/web-api:.*\.conversations\.(?:history|replies)$/, arg: 'all' },
  { id: 'octokit.read', op: 'comm.read', callee: /^(?:@octokit\/rest|octokit|@octokit\/core):.*\.(?:issues\.(?:get|list|listComments|listForRepo)|pulls\.(?:get|listReviewComments|listReviews)|search\.issuesAndPullRequests)$/, arg: 'all' },
  { id: 'imap.fetch', op: 'comm.read', callee: /^imapflow:ImapFlow\(\)\.(?:fetch|fetchOne|fetchAll|download)$/, arg: 'all' },

  // A SQL statement sent to a service in a request body (`client['/sql/v1/…/statements'].POST({
  // body: { spec: { statement } } })`: Flink, Snowflake and Databricks statement APIs): the
  // service runs it. Only a call whose body has such a field is one.
  { id: 'SQL sent to an API', op: 'db.query', callee: /\.(?:POST|PUT|PATCH)$/, arg: 'sql-field', byText: true },

  // openapi-fetch, plain (`client.DELETE('/topics/{name}', …)`) or path-based (`client['/topics/{name}'].DELETE(…)`).
  { id: 'openapi-fetch.DELETE', op: 'api.delete', callee: /\.DELETE$/, arg: 'all', destructive: true, byText: true },

  { id: 'process.kill', op: 'process.kill', callee: /^global:process\.kill$/, arg: 0, destructive: true },
  // A method of an API client the code does not show, named for destroying something: `deleteBranch`,
  // `resetDatabase`, `terminateInstance`. Bookkeeping names (listeners, timers, state) are not.
  { id: 'api.delete', op: 'api.delete', callee: /\.(?:delete|destroy|drop|purge|wipe|terminate|reset|revoke|kill|erase|truncate|trash)(?!(?:\w*(?:Listener|Listeners|Timer|Timeout|Interval|State|Cache|Form|Style|Attribute|Item|Child|Selection|Cookie|Handler|Mock|Mocks|Stub|Spy)s?)$)[A-Z]\w*$/, arg: 'all', destructive: true, byText: true },

  // --- human credential sources: an engineer's profile, SSO session, kubeconfig, gh login
  { id: 'aws.fromIni', op: 'cred.human', callee: /^@aws-sdk\/credential-providers?(?:-[\w-]+)?:(?:fromIni|fromSSO|fromProcess|fromNodeProviderChain)$|^@aws-sdk\/credential-provider-(?:ini|sso|node):\w+$/, arg: 'all' },
  { id: 'kubeconfig.loadFromDefault', op: 'cred.human', callee: /^@kubernetes\/client-node:KubeConfig\(\)\.loadFromDefault$/, arg: 'all' },
  // A user's OAuth tokens (the consent flow's result, usually kept in their home folder): the agent acts as that user.
  { id: 'google.oauth.user', op: 'cred.human', callee: /^(?:google-auth-library:(?:default\.)?OAuth2Client\(\)|googleapis:google\.auth\.OAuth2\(\))\.setCredentials$/, arg: 'all' },
  // Signing in as the person at the keyboard: Microsoft's public-client (interactive, device code)
  // flows and the developer credentials of @azure/identity (their CLI, PowerShell or browser login).
  { id: 'msal.public-client', op: 'cred.human', callee: /^@azure\/msal-node:PublicClientApplication\(\)\.(?:acquireTokenInteractive|acquireTokenByDeviceCode|acquireTokenByUsernamePassword)$/, arg: 'all' },
  { id: 'azure.identity.user', op: 'cred.human', callee: /^@azure\/identity:(?:InteractiveBrowserCredential|DeviceCodeCredential|AzureCliCredential|AzureDeveloperCliCredential|AzurePowerShellCredential|UsernamePasswordCredential)(?:\(\))?$/, arg: 'all' },
  // A secret read back from the person's OS keychain (what a CLI login stored there).
  { id: 'keytar.get', op: 'cred.human', callee: /^(?:keytar|@github\/keytar):(?:default\.)?(?:getPassword|findPassword|findCredentials)$/, arg: 'all' },
  { id: 'google.adc', op: 'cred.human', callee: /^(?:google-auth-library:GoogleAuth(?:\(\))?|google-auth-library:default\.GoogleAuth\(\))(?:\.getClient)?$/, arg: 'all' },
  // Last, after every HTTP client and database: `neon.projects.delete(id)`, `client.instances.destroy(id)`
  // on an object a package made is a service's delete (a `Map`'s is not: globals are not services;
  // nor is a client's `headers.delete('x-api-key')`, a socket's or a stream's `destroy()`).
  // The last argument names what is deleted (`branches.delete(projectId, branchId)`).
  // The object may be reached through further calls (`admin.firestore().collection(c).doc(id).delete()`).
  { id: 'client.delete', op: 'api.delete', callee: /^(?!global:|node:|(?:https?|http2|net|tls|dgram|fs|fs\/promises|stream|child_process|zlib|readline|events|worker_threads):|axios:|got:|ky:|node-fetch:|superagent:|undici:|ofetch:)[^:()]+:[^()]*\(\)(?:\.\w+(?:\(\))?)*(?<!\.(?:headers|searchParams|cookies|params|query|attributes))\.(?:delete|destroy|remove|purge|terminate)$/, arg: 'last', destructive: true },
];

/** Constant commands and file paths that read a person's credentials. */
export const HUMAN_CREDENTIAL_TEXT: { pattern: RegExp; reference: string }[] = [
  { pattern: /\bgh\s+auth\s+token\b/, reference: 'gh auth token' },
  { pattern: /\.aws\/credentials\b/, reference: '~/.aws/credentials' },
  { pattern: /\.ssh\/(?:id_\w+|config)\b/, reference: '~/.ssh' },
  { pattern: /\.kube\/config\b/, reference: '~/.kube/config' },
  { pattern: /\.config\/gh\/hosts\.yml\b/, reference: '~/.config/gh/hosts.yml' },
  { pattern: /\.netrc\b/, reference: '~/.netrc' },
];

/** Shells and interpreters: spawning one with `-c` / `-e` is a shell whatever the spawn API. */
export const SHELL_BINARIES = /^(?:\/(?:usr\/)?bin\/)?(?:bash|sh|zsh|dash|ksh|fish|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh|node|python3?|ruby|perl|php|deno|bun|osascript)$/;

/** Constant commands and statements that destroy or publish, for `require-approval-for-destructive`. */
export const DESTRUCTIVE_TEXT: { op: string; pattern: RegExp }[] = [
  { op: 'fs.delete', pattern: /\brm\s+-[a-z]*[rf]/i },
  { op: 'git.push', pattern: /\bgit\s+push\b[^\n]*(?:--force\b|\s-f\b|--force-with-lease|--delete\b)/ },
  // Work that is not in any commit is gone: untracked files, uncommitted changes, stashes, branches.
  { op: 'git.discard', pattern: /\bgit\s+(?:clean\b[^\n]*\s-[a-zA-Z]*f|reset\b[^\n]*--hard\b|branch\b[^\n]*\s(?:-D\b|--delete\s[^\n]*--force\b)|stash\s+(?:clear|drop)\b|checkout\b[^\n]*\s(?:-f\b|--force\b)|worktree\s+remove\b[^\n]*--force\b)/ },
  { op: 'cloud.k8s.delete', pattern: /\b(?:kubectl|oc)\s+(?:delete|drain|scale\s+[^\n]*--replicas=0)\b|\bhelm\s+(?:uninstall|delete|del|un)\b/ },
  { op: 'cloud.terraform.destroy', pattern: /\bterraform\s+(?:destroy|apply\s+[^\n]*-auto-approve)\b/ },
  { op: 'db.drop', pattern: /\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA)|TRUNCATE\s+(?:TABLE\s+)?\w)/i },
  { op: 'db.delete', pattern: /\bDELETE\s+FROM\s+[\w."]+\s*(?:;|$)/i },
  { op: 'cloud.aws.delete', pattern: /\baws\s+\S+\s+(?:delete|terminate|rm)\b|\baws\s+s3\s+rb\b/ },
];

/** The catalogue entry for a callee: by canonical name, or by text when the receiver is unknown. */
export function matchSink(canonical: string | undefined, calleeText: string): SinkSpec | undefined {
  if (canonical) {
    const byName = SINKS.find((s) => !s.byText && s.callee.test(canonical));
    if (byName) return byName;
  }
  // `pools.get(id)!.query`, `clients[name].query`: a lookup in a collection named for what it holds.
  const text = calleeText
    .replace(/^new /, '')
    .replace(/^await /, '')
    .replace(/!/g, '')
    .replace(/\.get\([^()]*\)|\[[^\]]*\]/g, '');
  if (canonical && !/^(?:this\.|\w+\.)/.test(text)) return undefined;
  return SINKS.find((s) => s.byText && s.callee.test(text));
}

/** The same, for a request a plain HTTP client sends (`fetch(url, { body: JSON.stringify({ statement }) })`). */
export const SQL_VIA_API: SinkSpec = { id: 'SQL sent to an API', op: 'db.query', callee: /(?!)/, arg: 'sql-field' };
