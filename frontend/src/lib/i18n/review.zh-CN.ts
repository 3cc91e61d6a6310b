// Strings of the review queue (keyboard shortcuts, next pending) and the phone workbench (zh-CN).
const review = {
  reviewQueue: {
    position: '第 {{n}} / {{total}} 条',
    done: '当前筛选下的待审核结果已全部处理完',
    next: '已转到下一条待审核结果:{{name}}',
    shortcuts: '快捷键',
    keys: { next: '下一条', previous: '上一条', confirm: '确认', return: '退回并填写原因', close: '关闭详情' },
    submitHint: 'Ctrl + Enter 提交',
  },
  phoneWorkbench: {
    filters: '筛选',
    filtersTitle: '筛选条件',
    done: '完成',
  },
};

export default review;
