import { TASK_STATUSES } from '../../../schema/dto/tasks';
import { TASKS } from '../../tasks/registry';
import { Card, DataTable, FormStatus, Pager, SearchField } from '../components';
import type { Lang } from '../i18n';
import { Frame } from './frame';
import { platformStrings } from './strings';

/**
 * `/tasks`: the scheduled tasks for platform administrators — each task's schedule (cron and time
 * zone), next run and last result, a "run now" button, and the run history with failures marked.
 * /static/platform/tasks.js fills it from GET /api/admin/tasks and GET /api/admin/tasks/history.
 */
const zh = {
  'tasks.title': '定时任务',
  'tasks.list': '任务',
  'tasks.col.task': '任务',
  'tasks.col.schedule': '计划（cron · 时区）',
  'tasks.col.next': '下次运行',
  'tasks.col.last': '上次结果',
  'tasks.col.actions': '操作',
  'tasks.run': '立即运行',
  'tasks.runLabel': '立即运行「{task}」',
  'tasks.running': '正在运行「{task}」…',
  'tasks.ran': '「{task}」已运行：{status}。',
  'tasks.ranFailed': '「{task}」运行失败：{error}',
  'tasks.busy': '运行中',
  'tasks.never': '还没有运行过',
  'tasks.history': '运行记录',
  'tasks.filter.task': '任务',
  'tasks.filter.status': '结果',
  'tasks.filter.all': '全部',
  'tasks.col.trigger': '触发方式',
  'tasks.col.started': '开始时间',
  'tasks.col.duration': '耗时',
  'tasks.col.status': '结果',
  'tasks.col.detail': '详情',
  'tasks.trigger.cron': '定时',
  'tasks.trigger.manual': '手动',
  'tasks.duration': '{seconds} 秒',
  'task.running': '运行中',
  'task.succeeded': '成功',
  'task.failed': '失败',
  'task.skipped': '已跳过',
  'task.retried': '失败，已重试',
  'task.history-retention': '清理历史记录（保留 90 天）',
  'task.customer-status-sync': '客户状态每日校准',
  'task.invoice-generation': '生成账单',
  'task.invoice-overdue': '逾期检查与到期处理',
  'task.usage-alerts': '用量与到期提醒',
  'task.device-expiry': '回收到期的设备分配',
  'task.billing-retry': '补发用量上报',
  'task.billing-reconciliation': '计费对账',
  'task.result.before': '清理早于',
  'task.result.deleted': '已删除',
  'task.result.taskRuns': '任务记录',
  'task.result.messages': '已送达的消息',
  'task.result.candidates': '待出账企业',
  'task.result.issued': '已出账单',
  'task.result.totalFen': '金额合计',
  'task.result.invoices': '账单编号',
  'task.result.failed': '失败',
  'task.result.companies': '企业数',
  'task.result.raised': '新提醒',
  'task.result.tenants': '企业数',
  'task.result.tenantsReconciled': '已校准企业',
  'task.result.tenantsSkipped': '跳过的企业',
  'task.result.customersScanned': '检查的客户',
  'task.result.fixed': '已更正',
  'task.result.asOf': '校准时间',
  'task.result.nodes': '节点数',
  'task.result.expired': '已回收',
  'task.result.pending': '待发送',
  'task.result.deadLetters': '死信',
  'task.result.errors': '错误',
  'task.result.checked': '已检查',
  'task.result.reconciled': '已对账',
  'task.result.repaired': '已修复',
};

type TaskKey = keyof typeof zh;

const en: Record<TaskKey, string> = {
  'tasks.title': 'Scheduled tasks',
  'tasks.list': 'Tasks',
  'tasks.col.task': 'Task',
  'tasks.col.schedule': 'Schedule (cron · time zone)',
  'tasks.col.next': 'Next run',
  'tasks.col.last': 'Last result',
  'tasks.col.actions': 'Actions',
  'tasks.run': 'Run now',
  'tasks.runLabel': 'Run now: {task}',
  'tasks.running': 'Running “{task}”…',
  'tasks.ran': '“{task}” ran: {status}.',
  'tasks.ranFailed': '“{task}” failed: {error}',
  'tasks.busy': 'running',
  'tasks.never': 'never run yet',
  'tasks.history': 'Run history',
  'tasks.filter.task': 'Task',
  'tasks.filter.status': 'Result',
  'tasks.filter.all': 'All',
  'tasks.col.trigger': 'Trigger',
  'tasks.col.started': 'Started',
  'tasks.col.duration': 'Took',
  'tasks.col.status': 'Result',
  'tasks.col.detail': 'Details',
  'tasks.trigger.cron': 'schedule',
  'tasks.trigger.manual': 'by hand',
  'tasks.duration': '{seconds} s',
  'task.running': 'Running',
  'task.succeeded': 'Succeeded',
  'task.failed': 'Failed',
  'task.skipped': 'Skipped',
  'task.retried': 'Failed, tried again',
  'task.history-retention': 'History clean-up (keeps 90 days)',
  'task.customer-status-sync': 'Nightly customer status reconciliation',
  'task.invoice-generation': 'Invoice generation',
  'task.invoice-overdue': 'Overdue and expiry sweep',
  'task.usage-alerts': 'Usage and expiry alerts',
  'task.device-expiry': 'Expired device allocations',
  'task.billing-retry': 'Usage report redelivery',
  'task.billing-reconciliation': 'Billing reconciliation',
  'task.result.before': 'Older than',
  'task.result.deleted': 'Deleted',
  'task.result.taskRuns': 'task runs',
  'task.result.messages': 'delivered messages',
  'task.result.candidates': 'Companies due',
  'task.result.issued': 'Invoices issued',
  'task.result.totalFen': 'Total',
  'task.result.invoices': 'Invoice numbers',
  'task.result.failed': 'Failed',
  'task.result.companies': 'Companies',
  'task.result.raised': 'New alerts',
  'task.result.tenants': 'Companies',
  'task.result.tenantsReconciled': 'Companies reconciled',
  'task.result.tenantsSkipped': 'Companies skipped',
  'task.result.customersScanned': 'Customers checked',
  'task.result.fixed': 'Put right',
  'task.result.asOf': 'As of',
  'task.result.nodes': 'Nodes',
  'task.result.expired': 'Released',
  'task.result.pending': 'Pending',
  'task.result.deadLetters': 'Dead letters',
  'task.result.errors': 'Errors',
  'task.result.checked': 'Checked',
  'task.result.reconciled': 'Reconciled',
  'task.result.repaired': 'Repaired',
};

const TABLES: Record<Lang, Record<TaskKey, string>> = { zh, en };

/** A task's name in the page's words; a task without words of its own is shown by its name. */
const taskName = (s: Record<string, string>, name: string) => s[`task.${name}`] ?? name;

export function TasksPage({ lang }: { lang: Lang }) {
  const s = TABLES[lang];
  const words: Record<string, string> = s;
  return (
    <Frame lang={lang} title={s['tasks.title']} path="/tasks" script="tasks" strings={s}>
      <Card headingId="tasks-list-title" heading={s['tasks.list']}>
        <DataTable
          id="tasks"
          caption={s['tasks.list']}
          columns={[
            s['tasks.col.task'],
            s['tasks.col.schedule'],
            s['tasks.col.next'],
            s['tasks.col.last'],
            s['tasks.col.actions'],
          ]}
        />
        <FormStatus id="tasks-status-line" />
      </Card>
      <Card headingId="history-title" heading={s['tasks.history']} class="spaced">
        <form id="history-filter" class="search">
          <SearchField
            id="history-task"
            name="task"
            label={s['tasks.filter.task']}
            options={[
              ['', s['tasks.filter.all']],
              ...TASKS.map((task): [string, string] => [task.name, taskName(words, task.name)]),
            ]}
          />
          <SearchField
            id="history-status"
            name="status"
            label={s['tasks.filter.status']}
            options={[
              ['', s['tasks.filter.all']],
              ...TASK_STATUSES.map((status): [string, string] => [status, s[`task.${status}`]]),
            ]}
          />
          <button type="submit">{platformStrings(lang).search}</button>
        </form>
        <DataTable
          id="history"
          caption={s['tasks.history']}
          columns={[
            s['tasks.col.task'],
            s['tasks.col.trigger'],
            s['tasks.col.started'],
            s['tasks.col.duration'],
            s['tasks.col.status'],
            s['tasks.col.detail'],
          ]}
        />
        <Pager lang={lang} ids={['history-summary', 'history-prev', 'history-next']} />
      </Card>
    </Frame>
  );
}
